import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCluster, stopCluster } from '../cluster/cluster.js';
import { ARGS_BUILDERS, type ComponentName } from '../cluster/component-args.js';
import { waitForHealthy } from '../cluster/health.js';
import { logPath, pidPath, resolveClusterPaths, resolveRepoRoot, type ClusterPaths } from '../cluster/paths.js';
import { resolvePki } from '../cluster/pki.js';
import { resolveAdvertiseAddress } from '../cluster/ports.js';
import { isOurProcess, readPidFile, startProcess, stopProcess } from '../cluster/processes.js';
import { STARTED_BY, type ClusterRecord } from '../cluster/state.js';

/**
 * A control plane of the fault suite's own, in `<repo>/.e2e/faults-cluster`: the suite stops, freezes
 * and restarts its apiserver and etcd, which must never disturb the shared cluster other test files
 * (possibly of the integration project, running at the same time) use. Same binaries, same code as
 * e2e/cluster; only the state dir differs.
 */
export interface FaultCluster {
  paths: ClusterPaths;
  record: ClusterRecord;
  kubeconfig: string;
  /** SIGTERM (SIGKILL after 10 s) of one component, by its recorded pid. */
  stop(name: ComponentName): Promise<void>;
  /** Starts the component again with the same arguments, ports and data; waits until it is healthy. */
  start(name: ComponentName): Promise<void>;
  /** SIGSTOP / SIGCONT: the process keeps its sockets open but answers nothing. */
  freeze(name: ComponentName): Promise<void>;
  thaw(name: ComponentName): Promise<void>;
  /** etcd's current revision, and a compaction up to it (what the apiserver does every 5 min). */
  compactEtcd(): Promise<number>;
  down(): Promise<void>;
}

const report = (line: string): void => void process.stderr.write(`[fault-cluster] ${line}\n`);

export async function startFaultCluster(): Promise<FaultCluster> {
  const paths = resolveClusterPaths({ E2E_CLUSTER_DIR: join(resolveRepoRoot(), '.e2e', 'faults-cluster') });
  const { record } = await startCluster(paths, STARTED_BY.vitest, report);
  const pki = resolvePki(paths.pki);
  const ca = await readFile(pki.caCert, 'utf8');
  const etcdUrl = `http://127.0.0.1:${record.ports.etcdClient}`;
  const pidOf = async (name: ComponentName): Promise<number> => {
    const pid = await readPidFile(pidPath(paths, name));
    if (pid === null || !isOurProcess(pid, name, paths.state)) throw new Error(`${name} of the fault cluster is not running`);
    return pid;
  };
  const probes: Partial<Record<ComponentName, { url: string; ca?: string }>> = {
    etcd: { url: `${etcdUrl}/health` },
    'kube-apiserver': { url: `https://127.0.0.1:${record.ports.apiserver}/readyz`, ca },
  };
  const etcdPost = async (path: string, body: object): Promise<Record<string, unknown>> => {
    const res = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return {
    paths,
    record,
    kubeconfig: paths.kubeconfig,
    async stop(name) {
      await stopProcess(await pidOf(name), name, paths.state);
    },
    async start(name) {
      const input = { paths, pki, ports: record.ports, advertiseAddress: resolveAdvertiseAddress(), stagesDir: join(record.binDir, 'kwok-stages') };
      const proc = await startProcess({ name, binary: join(record.binDir, name), args: ARGS_BUILDERS[name](input), logFile: logPath(paths, name), pidFile: pidPath(paths, name) });
      const probe = probes[name];
      if (probe) await waitForHealthy(probe, 120_000, proc.exitStatus);
    },
    async freeze(name) {
      process.kill(await pidOf(name), 'SIGSTOP');
    },
    async thaw(name) {
      process.kill(await pidOf(name), 'SIGCONT');
    },
    async compactEtcd() {
      // etcd's JSON gateway: keys are base64; "AA==" (NUL) as range_end with key "AA==" means every key.
      const range = await etcdPost('/v3/kv/range', { key: 'AA==', range_end: 'AA==', limit: 1, keys_only: true });
      const revision = Number((range.header as { revision?: string } | undefined)?.revision);
      if (!Number.isInteger(revision)) throw new Error(`etcd returned no revision: ${JSON.stringify(range)}`);
      await etcdPost('/v3/kv/compaction', { revision: String(revision), physical: true });
      return revision;
    },
    async down() {
      // Never leave a frozen process behind: SIGTERM is not delivered to a stopped one.
      for (const name of ['etcd', 'kube-apiserver'] as const) {
        const pid = await readPidFile(pidPath(paths, name));
        if (pid !== null && isOurProcess(pid, name, paths.state)) process.kill(pid, 'SIGCONT');
      }
      await stopCluster(paths);
    },
  };
}
