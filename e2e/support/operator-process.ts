import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { resolveRepoRoot } from '../cluster/paths.js';
import { OPERATOR_NODE_FLAGS } from '../../src/operator-node-flags.js';
import { freeLoopbackPort } from './free-port.js';

export interface OperatorProcess {
  pid: number;
  /** Port of /healthz and /readyz (the metrics listen apart, as in a cluster). */
  port: number;
  /** Everything the process wrote so far (JSON log lines). */
  logs(): string;
  /** Prometheus text from /metrics. */
  metrics(): Promise<string>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, mid-whatever. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts the real operator (`bin/istio-operator run`, built by `npm test` first) against a cluster and
 * resolves once /readyz answers 200. Used by the e2e suites and the operator benchmark (from dist/ too).
 * `extraArgs` come last, so they override the defaults (readiness re-checks every second; any install
 * namespace, as the suites install into namespaces of their own).
 */
export async function startOperator(kubeconfig: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<OperatorProcess> {
  const port = await freeLoopbackPort();
  const metricsPort = await freeLoopbackPort();
  const args = [
    ...OPERATOR_NODE_FLAGS, path.join(resolveRepoRoot(), 'bin', 'istio-operator.cjs'), 'run', '--kubeconfig', kubeconfig,
    '--health-probe-bind-address', `127.0.0.1:${port}`, '--metrics-bind-address', `127.0.0.1:${metricsPort}`, '--readiness-requeue', '1', '--install-namespaces', '*',
    ...extraArgs,
  ];
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Only the tail is kept: a long run logs a lot, and a benchmark must not grow with it.
  const append = (d: Buffer): void => void (output = (output + d.toString()).slice(-200_000));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`operator did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid ?? -1,
    port,
    logs: () => output,
    metrics: () => fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text()),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}

/** A counter or gauge's value from Prometheus text (sum over label sets matching `labels`). */
export function readMetric(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const set = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) total += Number(m[3]);
  }
  return total;
}
