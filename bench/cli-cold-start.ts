// Cold start of the CLI beside istioctl: fresh processes rendering the demo profile to /dev/null, interleaved.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchSection } from './support/report.js';
import { resolveRepoRoot } from '../e2e/cluster/paths.js';
import { ensureIstioctl } from '../e2e/parity/istioctl-binary.js';
import { loadBuiltCatalog } from '../src/assets/load-built-assets.js';
import { formatNumber, summarize, type Summary } from './support/stats.js';

export interface CliBenchOptions {
  runs: number;
}

const GNU_TIME = '/usr/bin/time';

/** One program of the comparison: the same input (the demo profile, no cluster) for each. */
interface Subject {
  label: string;
  argv: string[];
}

interface RunResult {
  wallMs: number;
  maxRssKiB: number;
}

/** Per release: our CLI rendering its pack, then that release's istioctl; then the floors. */
function subjects(releases: readonly { version: string; istioctl: string }[]): Subject[] {
  const bin = path.join(resolveRepoRoot(), 'bin', 'istio-operator');
  const floor: Subject[] = [{ label: 'node -e 0', argv: [process.execPath, '-e', '0'] }];
  // Our launcher starts `manifest generate` without it (bin/istio-operator says why): the floor it runs on.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    floor.push({ label: 'node -e 0, NODE_EXTRA_CA_CERTS unset', argv: ['/usr/bin/env', '-u', 'NODE_EXTRA_CA_CERTS', process.execPath, '-e', '0'] });
  }
  return [
    ...releases.flatMap(({ version, istioctl }) => [
      // As a user runs it: the command itself (its launcher), not Node on our script.
      { label: `istio-operator ${version}`, argv: [bin, 'manifest', 'generate', '--profile', 'demo', '--istio-version', version] },
      { label: `istioctl ${version}`, argv: [istioctl, 'manifest', 'generate', '--set', 'profile=demo'] },
    ]),
    // The floor: a Node process that does nothing (what our start-up can never go below).
    ...floor,
  ];
}

/** Wall time spawn -> exit in the parent; peak RSS from GNU time when present (else 0). */
function runOnce(subject: Subject, scratch: string, stdoutFd: number): Promise<RunResult> {
  const rssFile = path.join(scratch, 'maxrss');
  rmSync(rssFile, { force: true });
  const useTime = existsSync(GNU_TIME);
  const [cmd, ...args] = useTime ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...subject.argv] : subject.argv;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd as string, args, { stdio: ['ignore', stdoutFd, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${subject.argv.join(' ')} exited ${code}: ${stderr}`));
      const maxRssKiB = useTime ? Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10) : 0;
      resolve({ wallMs, maxRssKiB });
    });
  });
}

/** One unmeasured run with stdout captured: what each timed run produces (and a warm page cache). */
function measureOutput(subject: Subject): Promise<{ bytes: number; documents: number }> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = subject.argv;
    const child = spawn(cmd as string, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve({ bytes: Buffer.byteLength(out), documents: out.split(/^---\s*$/m).filter((d) => d.trim()).length })
      : reject(new Error(`${subject.label} exited ${code}`))));
  });
}

const row = (label: string, s: Summary, digits: number): string[] => [label, ...[s.median, s.p95, s.min, s.max].map((v) => formatNumber(v, digits))];

export async function runCliColdStartBench(opts: CliBenchOptions): Promise<BenchSection> {
  const releases = loadBuiltCatalog().packs.map((p) => ({ version: p.version, istioctl: ensureIstioctl(p.version) }));
  const all = subjects(releases);
  const pairs = releases.length;
  const scratch = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
  const devNull = openSync('/dev/null', 'w');
  try {
    const outputs = await Promise.all(all.slice(0, 2 * pairs).map(measureOutput));
    const samples = all.map(() => [] as RunResult[]);
    // Interleaved, so a load spike on the shared machine hits all programs alike.
    for (let i = 0; i < opts.runs; i++) {
      for (const [k, subject] of all.entries()) samples[k]?.push(await runOnce(subject, scratch, devNull));
    }
    const wall = samples.map((s) => summarize(s.map((r) => r.wallMs)));
    const rss = samples.map((s) => summarize(s.map((r) => r.maxRssKiB / 1024)));
    const floor = wall.at(-1) as Summary;
    const perRelease = releases.map((r, k) => {
      const [ours, theirs] = [wall[2 * k], wall[2 * k + 1]] as [Summary, Summary];
      const pairRatios = samples[2 * k]?.map((s, i) => s.wallMs / (samples[2 * k + 1]?.[i]?.wallMs ?? Number.NaN)) ?? [];
      return { version: r.version, ours, theirs, ratio: { median: ours.median / theirs.median, p95: ours.p95 / theirs.p95 }, pairRatios };
    });
    return {
      name: 'cli',
      tables: [
        {
          title: `cli: \`manifest generate\` of the demo profile > /dev/null, each pack beside its release's istioctl, ${opts.runs} interleaved runs each`,
          columns: ['figure', 'median', 'p95', 'min', 'max'],
          rows: [
            ...all.map((s, k) => row(`${s.label} wall (ms)`, wall[k] as Summary, 0)),
            ...perRelease.flatMap((r) => [
              [`${r.version}: ours / istioctl wall`, formatNumber(r.ratio.median, 2), formatNumber(r.ratio.p95, 2), '', ''],
              row(`${r.version}: ours / istioctl, per run pair`, summarize(r.pairRatios), 2),
              [`${r.version}: ours minus ${all.at(-1)?.label} (ms)`, formatNumber(r.ours.median - floor.median, 0), '', '', ''],
            ]),
            ...all.slice(0, 2 * pairs).map((s, k) => row(`${s.label} peak RSS (MiB)`, rss[k] as Summary, 1)),
          ],
          notes: [
            `ours: bin/istio-operator manifest generate --profile demo --istio-version X.Y.Z; istioctl X.Y.Z: istioctl manifest generate --set profile=demo (tools cache: e2e/parity/build-istioctl.sh, e2e/tools/build-istio-release.sh)`,
            `NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? `is set (${process.env.NODE_EXTRA_CA_CERTS}): istioctl and the first floor start with it, our launcher without it` : 'is not set'}`,
            'wall time: spawn to exit, measured in the parent with performance.now(); one unmeasured run of each first (page cache warm)',
            `peak RSS: GNU time -f %M (getrusage ru_maxrss of the child)`,
            ...releases.map((r, k) => `output ${r.version}: ours ${outputs[2 * k]?.documents} documents, ${formatNumber((outputs[2 * k]?.bytes ?? 0) / 1024, 0)} KiB; istioctl ${outputs[2 * k + 1]?.documents} documents, ${formatNumber((outputs[2 * k + 1]?.bytes ?? 0) / 1024, 0)} KiB`),
          ],
        },
      ],
      data: { runs: opts.runs, subjects: all.map((s) => s.label), wallMs: wall, peakRssMiB: rss, ratios: perRelease.map((r) => ({ version: r.version, ...r.ratio })), outputs, samples },
    };
  } finally {
    closeSync(devNull);
    rmSync(scratch, { recursive: true, force: true });
  }
}
