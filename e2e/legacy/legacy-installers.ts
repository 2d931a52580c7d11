import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { resolveRepoRoot } from '../cluster/paths.js';

/** Istio 1.23.6's istioctl and in-cluster operator, built into the tools cache when missing (never skipped). */
export function ensureIstio123(): { istioctl: string; operator: string } {
  const script = path.join(resolveRepoRoot(), 'e2e', 'legacy', 'build-istio-1.23.sh');
  const dir = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop() ?? '';
  return { istioctl: path.join(dir, 'istioctl'), operator: path.join(dir, 'operator') };
}

/** istioctl 1.27.9, as the parity tier builds it. */
export function ensureIstioctl127(): string {
  const script = path.join(resolveRepoRoot(), 'e2e', 'parity', 'build-istioctl.sh');
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop() ?? '';
}

export interface LegacyOperator {
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Runs Istio 1.23.6's operator outside the cluster, with the environment its chart gave it (no leader
 * election: LEADER_ELECTION_NAMESPACE unset), watching `namespace`, self-monitoring on loopback.
 */
export function startLegacyOperator(binary: string, kubeconfig: string, namespace: string, monitoringPort: number): LegacyOperator {
  const child: ChildProcess = spawn(binary, ['server', '--kubeconfig', kubeconfig, '--monitoring-host', '127.0.0.1', '--monitoring-port', String(monitoringPort)], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', WATCH_NAMESPACE: namespace, POD_NAME: 'istio-operator-1-23-6', OPERATOR_NAME: 'istio-operator', WAIT_FOR_RESOURCES_TIMEOUT: '300s', REVISION: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (d: Buffer): void => void (output = (output + d.toString()).slice(-100_000));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs an istioctl against the test cluster; throws with its output when it fails. */
export function runIstioctl(binary: string, kubeconfig: string, args: string[]): string {
  return execFileSync(binary, [...args, '--kubeconfig', kubeconfig], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}
