import { readFile, writeFile } from 'node:fs/promises';
import type { ClusterPorts, ComponentName } from './component-args.js';
import { COMPONENTS } from './component-args.js';
import { isHealthy, waitForHealthy } from './health.js';
import { pidPath, type ClusterPaths } from './paths.js';
import { resolvePki } from './pki.js';
import { isOurProcess, readPidFile } from './processes.js';

export const STARTED_BY = { cli: 'cli', vitest: 'vitest' } as const;
export type StartedBy = (typeof STARTED_BY)[keyof typeof STARTED_BY];

/** `<state>/cluster.json`: written once every component is healthy. */
export interface ClusterRecord {
  readonly server: string;
  readonly kubeconfig: string;
  readonly binDir: string;
  readonly ports: ClusterPorts;
  readonly startedBy: StartedBy;
  /** The process that started the cluster (a vitest run stops it in teardown). */
  readonly ownerPid: number;
  readonly startedAt: string;
}

export interface ComponentStatus {
  readonly name: ComponentName;
  readonly pid: number | null;
  readonly alive: boolean;
}

export interface ClusterStatus {
  /** Every component runs and the apiserver answers /readyz. */
  readonly healthy: boolean;
  readonly record: ClusterRecord | null;
  readonly components: readonly ComponentStatus[];
}

export async function readClusterRecord(paths: ClusterPaths): Promise<ClusterRecord | null> {
  try {
    return JSON.parse(await readFile(paths.stateFile, 'utf8')) as ClusterRecord;
  } catch {
    return null;
  }
}

export async function writeClusterRecord(paths: ClusterPaths, record: ClusterRecord): Promise<void> {
  await writeFile(paths.stateFile, `${JSON.stringify(record, null, 2)}\n`);
}

export async function getComponentStatuses(paths: ClusterPaths): Promise<ComponentStatus[]> {
  return Promise.all(COMPONENTS.map(async (name) => {
    const pid = await readPidFile(pidPath(paths, name));
    return { name, pid, alive: pid !== null && isOurProcess(pid, name, paths.state) };
  }));
}

export async function getClusterStatus(paths: ClusterPaths): Promise<ClusterStatus> {
  const [record, components] = await Promise.all([readClusterRecord(paths), getComponentStatuses(paths)]);
  const allAlive = components.every((c) => c.alive);
  const ca = await readFile(resolvePki(paths.pki).caCert, 'utf8').catch(() => undefined);
  const ready = record !== null && allAlive && ca !== undefined
    && await isHealthy({ url: `${record.server}/readyz`, ca });
  return { healthy: ready, record, components };
}

/** All processes run: give a loaded machine time before calling the cluster broken (others may use it). */
export async function waitForClusterReady(paths: ClusterPaths, record: ClusterRecord, timeoutMs: number): Promise<boolean> {
  const ca = await readFile(resolvePki(paths.pki).caCert, 'utf8').catch(() => undefined);
  if (ca === undefined) return false;
  return waitForHealthy({ url: `${record.server}/readyz`, ca }, timeoutMs, () => null).then(() => true, () => false);
}

export function renderStatus(paths: ClusterPaths, status: ClusterStatus): string {
  const lines = [
    `Local control plane in ${paths.state}: ${status.healthy ? 'running and healthy' : 'not healthy / not running'}`,
    ...status.components.map((c) => `  ${c.name.padEnd(24)} ${c.pid === null ? '-' : String(c.pid).padEnd(8)} ${
      c.alive ? 'running' : 'stopped'}`),
  ];
  if (status.record) {
    lines.push(`  apiserver  ${status.record.server}  (started by ${status.record.startedBy} at ${status.record.startedAt})`);
    lines.push(`  kubeconfig ${status.record.kubeconfig}`);
  }
  return lines.join('\n');
}
