// Cold start of the CLI: a fresh node process per run rendering the demo profile to /dev/null.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './support/report.js';
import { resolveRepoRoot } from '../e2e/cluster/paths.js';
import { formatNumber, summarize } from './support/stats.js';

export interface CliBenchOptions {
  runs: number;
}

const GNU_TIME = '/usr/bin/time';
const CLI_ARGS = ['manifest', 'generate', '--profile', 'demo'];

interface RunResult {
  wallMs: number;
  maxRssKiB: number;
}

/** How the child's peak RSS is read: GNU time's %M, or getrusage inside the child via a preload. */
type RssMethod = 'gnu-time' | 'preload';

function runOnce(bin: string, method: RssMethod, scratch: string, stdoutFd: number): Promise<RunResult> {
  const rssFile = path.join(scratch, 'maxrss');
  rmSync(rssFile, { force: true });
  const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'max-rss-probe.js');
  const [cmd, args, env] = method === 'gnu-time'
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, bin, ...CLI_ARGS], process.env]
    : [process.execPath, ['--import', probe, bin, ...CLI_ARGS], { ...process.env, BENCH_MAX_RSS_FILE: rssFile }];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', stdoutFd, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      const maxRssKiB = Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10);
      resolve({ wallMs, maxRssKiB });
    });
  });
}

/** One unmeasured run with stdout captured, to show what each timed run produces. */
function measureOutput(bin: string): Promise<{ bytes: number; documents: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...CLI_ARGS], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve({ bytes: Buffer.byteLength(out), documents: out.split(/^---$/m).filter((d) => d.trim()).length })
      : reject(new Error(`CLI exited ${code}`))));
  });
}

export async function runCliColdStartBench(opts: CliBenchOptions): Promise<BenchSection> {
  const bin = path.join(resolveRepoRoot(), 'bin', 'istio-operator');
  const method: RssMethod = existsSync(GNU_TIME) ? 'gnu-time' : 'preload';
  const scratch = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
  const devNull = openSync('/dev/null', 'w');
  try {
    const output = await measureOutput(bin); // also warms the page cache
    const runs: RunResult[] = [];
    for (let i = 0; i < opts.runs; i++) runs.push(await runOnce(bin, method, scratch, devNull));
    const wall = summarize(runs.map((r) => r.wallMs));
    const rss = summarize(runs.map((r) => r.maxRssKiB / 1024));
    const howRss = method === 'gnu-time'
      ? `peak RSS: GNU time -f %M (getrusage ru_maxrss of the node child); wall time includes the ~1 ms exec of ${GNU_TIME}`
      : 'peak RSS: process.resourceUsage().maxRSS written on exit by a --import preload (bench/support/max-rss-probe.ts)';
    return {
      name: 'cli',
      tables: [
        {
          title: `cli: \`node bin/istio-operator ${CLI_ARGS.join(' ')}\` > /dev/null, ${opts.runs} sequential runs`,
          columns: ['figure', 'median', 'p95', 'min', 'max'],
          rows: [
            ['wall time (ms)', ...[wall.median, wall.p95, wall.min, wall.max].map((v) => formatNumber(v, 0))],
            ['peak RSS (MiB)', ...[rss.median, rss.p95, rss.min, rss.max].map((v) => formatNumber(v, 1))],
          ],
          notes: [
            `wall time: spawn to exit, measured in the parent with performance.now(); one unmeasured run first (page cache warm)`,
            howRss,
            `each run writes ${output.documents} YAML documents, ${formatNumber(output.bytes / 1024, 0)} KiB`,
          ],
        },
      ],
      data: { runs: opts.runs, rssMethod: method, wallMs: wall, peakRssMiB: rss, output, samples: runs },
    };
  } finally {
    closeSync(devNull);
    rmSync(scratch, { recursive: true, force: true });
  }
}
