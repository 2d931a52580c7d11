import { readFile, rm } from 'node:fs/promises';
import { runBuildTools, type Reporter } from './build-tools.js';
import { COMPONENTS, type ComponentName } from './component-args.js';
import { ClusterStartError, ComponentError } from './errors.js';
import { logPath, pidPath, type ClusterPaths } from './paths.js';
import { readPidFile, stopProcess, type StartedProcess } from './processes.js';
import {
  getClusterStatus, waitForClusterReady, writeClusterRecord, type ClusterRecord, type StartedBy,
} from './state.js';

export { ClusterStartError };

export interface StartResult {
  readonly record: ClusterRecord;
  /** True when a healthy cluster was already running in the state dir (nothing was started). */
  readonly reused: boolean;
}

const TAIL_LINES = 25;
const SLOW_READY_GRACE_MS = 30_000;

async function buildFailureMessage(paths: ClusterPaths, error: Error): Promise<string> {
  const lines = [`Local control plane failed to start: ${error.message}`];
  if (error instanceof ComponentError) {
    const log = logPath(paths, error.component);
    const text = await readFile(log, 'utf8').catch(() => '(log not readable)');
    lines.push(`--- last ${TAIL_LINES} lines of ${log} ---`, ...text.trimEnd().split('\n').slice(-TAIL_LINES), '---');
  }
  lines.push('Logs:', ...COMPONENTS.map((name) => `  ${logPath(paths, name)}`));
  return lines.join('\n');
}

// Reverse start order: clients first, etcd last.
const STOP_PHASES: readonly (readonly ComponentName[])[] = [
  ['kwok', 'kube-scheduler', 'kube-controller-manager'], ['kube-apiserver'], ['etcd'],
];

async function stopComponents(paths: ClusterPaths, only?: readonly StartedProcess[]): Promise<void> {
  for (const phase of STOP_PHASES) {
    await Promise.all(phase.map(async (name) => {
      const pid = only ? only.find((p) => p.name === name)?.pid : await readPidFile(pidPath(paths, name));
      if (pid !== undefined && pid !== null) await stopProcess(pid, name, paths.state);
    }));
  }
}

/** Stops exactly the processes recorded in the pid files (if still ours) and removes the state dir. */
export async function stopCluster(paths: ClusterPaths): Promise<void> {
  await stopComponents(paths);
  await rm(paths.state, { recursive: true, force: true });
}

/**
 * Reuses a healthy cluster in the state dir; otherwise clears leftovers of a crashed one, builds the
 * missing binaries and starts a fresh control plane. On failure the started processes are stopped and
 * the logs are kept.
 */
export async function startCluster(paths: ClusterPaths, startedBy: StartedBy, report: Reporter): Promise<StartResult> {
  const status = await getClusterStatus(paths);
  if (status.healthy && status.record) return { record: status.record, reused: true };
  if (status.record && status.components.every((c) => c.alive)
    && await waitForClusterReady(paths, status.record, SLOW_READY_GRACE_MS)) {
    return { record: status.record, reused: true };
  }
  if (status.components.some((c) => c.pid !== null) || status.record) {
    report(`Cleared a stale cluster state in ${paths.state}`);
  }
  await stopCluster(paths);
  const binDir = await runBuildTools(paths.buildScript, report);
  const started: StartedProcess[] = [];
  try {
    // Loaded lazily: client-node takes seconds to import, and `down`/`status` do not need it.
    const { startControlPlane } = await import('./control-plane.js');
    const { ports, server } = await startControlPlane({ paths, binDir, report, started });
    const record: ClusterRecord = {
      server, kubeconfig: paths.kubeconfig, binDir, ports, startedBy,
      ownerPid: process.pid, startedAt: new Date().toISOString(),
    };
    await writeClusterRecord(paths, record);
    return { record, reused: false };
  } catch (error) {
    await stopComponents(paths, started);
    throw new ClusterStartError(await buildFailureMessage(paths, error as Error), { cause: error });
  }
}
