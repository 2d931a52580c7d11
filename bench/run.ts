// `npm run bench` / `node dist/bench/run.js [render|cli|operator|scale ...] [--render-runs N] [--cli-runs N] [--operator-runs N] [--operator-idle S] [--scale-counts 1,10,30] [--scale-idle S] [--private-cluster]`
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveRepoRoot } from '../e2e/cluster/paths.js';
import { renderSection, type BenchSection } from './support/report.js';

const BENCHMARKS = ['render', 'cli', 'operator', 'scale'] as const;
type BenchName = (typeof BENCHMARKS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'render-runs': { type: 'string', default: '200' },
    'render-warmup': { type: 'string', default: '20' },
    'cli-runs': { type: 'string', default: '20' },
    'operator-runs': { type: 'string', default: '3' },
    'operator-idle': { type: 'string', default: '5' },
    'private-cluster': { type: 'boolean', default: false },
    'scale-counts': { type: 'string', default: '1,10,30' },
    // At rest means after V8's memory reducer has run (it waits for a quiet spell): 5 s after a burst of
    // 30 reconciles the heap still holds their garbage.
    'scale-idle': { type: 'string', default: '30' },
  },
});

function toCount(flag: keyof typeof values): number {
  const n = Number(values[flag]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} needs a whole number, got '${values[flag]}'`);
  return n;
}

function selectBenchmarks(names: string[]): BenchName[] {
  const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  return names.length === 0 ? [...BENCHMARKS] : BENCHMARKS.filter((b) => names.includes(b));
}

// Imported on demand: the render benchmark's memory figures must not include client-node and friends.
const runners: Record<BenchName, () => Promise<BenchSection>> = {
  render: async () => (await import('./render.js')).runRenderBench({ runs: toCount('render-runs'), warmup: toCount('render-warmup') }),
  cli: async () => (await import('./cli-cold-start.js')).runCliColdStartBench({ runs: toCount('cli-runs') }),
  operator: async () => (await import('./operator.js')).runOperatorBench({
    runs: toCount('operator-runs'), readinessRequeueSeconds: 1, idleMs: toCount('operator-idle') * 1000, privateCluster: values['private-cluster'] === true,
  }),
  scale: async () => (await import('./scale.js')).runScaleBench({
    counts: String(values['scale-counts']).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
    idleMs: toCount('scale-idle') * 1000,
    privateCluster: values['private-cluster'] === true,
  }),
};

function describeMachine(root: string): Record<string, unknown> {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', totalMemGiB: Math.round(os.totalmem() / 2 ** 30), commit };
}

const loadavg = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const selected = selectBenchmarks(positionals);
  const root = resolveRepoRoot();
  const machine = describeMachine(root);
  process.stdout.write(`# istio-operator benchmarks (${machine.date}, node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemGiB} GiB, commit ${machine.commit})\n\n`);
  const sections: Record<string, unknown> = {};
  for (const name of selected) {
    const loadBefore = loadavg();
    const started = Date.now();
    const section = await runners[name]();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${renderSection(section)}  load average before / after: ${loadBefore} / ${loadavg()}; took ${seconds} s\n\n`);
    sections[name] = { date: new Date(started).toISOString(), ...section.data, tables: section.tables, loadBefore, loadAfter: loadavg(), seconds: Number(seconds) };
  }
  // One file for all benchmarks; running one replaces only its own section.
  const file = path.join(root, 'dist', 'bench-results.json');
  let previous: Record<string, unknown> = {};
  try {
    previous = (JSON.parse(readFileSync(file, 'utf8')) as { benchmarks?: Record<string, unknown> }).benchmarks ?? {};
  } catch {
    previous = {};
  }
  writeFileSync(file, `${JSON.stringify({ machine, benchmarks: { ...previous, ...sections } }, null, 2)}\n`);
  process.stdout.write(`Results written to ${path.relative(process.cwd(), file) || file}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
