// Starts the real operator for the benchmark. Like e2e/support/operator-process.ts, but it finds
// bin/istio-operator from dist/ too and exposes the pid (for /proc memory and CPU figures).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { resolveRepoRoot } from './repo-root.js';

export interface BenchOperator {
  pid: number;
  metrics(): Promise<string>;
  logs(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once /readyz answers 200; `readinessRequeueSeconds` as the e2e suite uses (1). */
export async function startBenchOperator(kubeconfig: string, readinessRequeueSeconds: number, extraArgs: string[] = []): Promise<BenchOperator> {
  const port = await getFreePort();
  const bin = path.join(resolveRepoRoot(), 'bin', 'istio-operator');
  const args = [bin, 'run', '--kubeconfig', kubeconfig, '--port', String(port), '--bind-address', '127.0.0.1', '--readiness-requeue', String(readinessRequeueSeconds), ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Keep only the tail: a long run logs a lot and the benchmark itself should not grow.
  const append = (d: Buffer): void => { output = (output + d.toString()).slice(-200_000); };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`operator did not become ready:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid ?? -1,
    metrics: () => fetch(`${base}/metrics`).then((r) => r.text()),
    logs: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
