import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../src/api/kube-object.js';
import { buildIstiodLaunch, type IstiodPorts } from './istiod-launch.js';
import { freeLoopbackPort } from './free-port.js';

export interface IstiodProcess {
  ports: IstiodPorts;
  /** Milliseconds from spawn to the first 200 from /ready. */
  readyMs: number;
  logs(): string;
  stop(): Promise<number | null>;
}

/**
 * Runs pilot-discovery locally as the operator's istiod Deployment describes it. Its working directory
 * holds only `files`: without a mesh config file or injector files it reads the operator's ConfigMaps
 * (`istio[-rev]`, `istio-sidecar-injector[-rev]`) from the cluster, as in a pod without those mounts.
 * Resolves once /ready answers 200; rejects with the log tail if it exits or times out.
 */
export interface IstiodOptions {
  env?: Record<string, string>;
  /** Files to place in its working directory, e.g. `var/lib/istio/inject/config` instead of the ConfigMap. */
  files?: Record<string, string>;
  timeoutMs?: number;
}

export async function startIstiod(binary: string, deployment: KubeObject, kubeconfig: string, opts: IstiodOptions = {}): Promise<IstiodProcess> {
  const { env: extraEnv = {}, files = {}, timeoutMs = 120_000 } = opts;
  const ports: IstiodPorts = { http: await freeLoopbackPort(), grpc: await freeLoopbackPort(), secureGrpc: await freeLoopbackPort(), https: await freeLoopbackPort(), monitoring: await freeLoopbackPort(), ctrlz: await freeLoopbackPort() };
  const launch = buildIstiodLaunch(deployment, ports, kubeconfig);
  const cwd = mkdtempSync(path.join(tmpdir(), 'istiod-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
    writeFileSync(path.join(cwd, file), content);
  }
  const started = Date.now();
  const child: ChildProcess = spawn(binary, launch.args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...launch.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (d: Buffer): void => void (output = (output + d.toString()).slice(-2_000_000));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
      rmSync(cwd, { recursive: true, force: true });
    }
  };
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${ports.http}/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`istiod did not become ready (exit ${child.exitCode}):\n${output.slice(-6000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { ports, readyMs: Date.now() - started, logs: () => output, stop };
}

/** Error-level lines of istiod's log (plain console format: `<time>\terror\t<scope>\t<message>`). */
export function findErrorLines(log: string): string[] {
  return log.split('\n').filter((l) => /\t(error|fatal)\t/.test(l));
}
