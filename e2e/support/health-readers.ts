import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IstioOperatorObject } from '../../src/api/istio-operator.js';
import { resolveRepoRoot } from '../cluster/paths.js';

const BUILD_TIMEOUT_MS = 30 * 60_000;

export interface HealthReaders {
  /** kstatus and Argo CD's health.lua verdicts on one object, from the real libraries. */
  judge(obj: IstioOperatorObject): { kstatus: Verdict; argo: Verdict };
  /** `kubectl wait --for=condition=Ready --timeout=1s`: true when it exits 0. */
  kubectlWaitReady(kubeconfig: string, namespace: string, name: string): boolean;
}

export interface Verdict {
  status: string;
  message: string;
}

/** Runs a build script that prints a path on its last stdout line; throws (with the log's path) when it fails. */
function buildTool(script: string, name: string): string {
  const log = path.join(os.tmpdir(), `istio-operator-build-${name}.log`);
  const res = spawnSync('bash', [script], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  writeFileSync(log, `${res.stderr ?? ''}\n${res.error?.message ?? ''}`);
  const last = (res.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (res.status !== 0 || !last) throw new Error(`building ${name} failed (exit ${res.status}); build log: ${log}`);
  return last;
}

/**
 * Builds (once; cached) the Go health reader of e2e/tools/health-check and finds kubectl among the
 * control-plane tools (build-tools.sh only prints the cache directory when everything is built).
 */
export function buildHealthReaders(): HealthReaders {
  const root = resolveRepoRoot();
  const healthCheck = buildTool(path.join(root, 'e2e', 'tools', 'build-health-check.sh'), 'health-check');
  const binDir = buildTool(path.join(root, 'e2e', 'cluster', 'build-tools.sh'), 'control-plane-tools');
  const kubectl = path.join(binDir, 'kubectl');
  const lua = path.join(path.dirname(healthCheck), 'health.lua');
  return {
    judge(obj) {
      const res = spawnSync(healthCheck, ['--health-lua', lua], { input: JSON.stringify(obj), encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`health-check failed (${res.status}): ${res.stderr}`);
      return JSON.parse(res.stdout) as { kstatus: Verdict; argo: Verdict };
    },
    kubectlWaitReady(kubeconfig, namespace, name) {
      const args = ['--kubeconfig', kubeconfig, 'wait', '--for=condition=Ready', '--timeout=1s', '-n', namespace, `istiooperator/${name}`];
      const res = spawnSync(kubectl, args, { encoding: 'utf8' });
      return res.status === 0;
    },
  };
}
