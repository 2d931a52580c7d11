// The local control plane for the operator benchmark: the same start/reuse path as `npm run cluster:up`.
import path from 'node:path';
import { startCluster, stopCluster } from '../../e2e/cluster/cluster.js';
import { withStateLock } from '../../e2e/cluster/lock.js';
import { resolveClusterPaths } from '../../e2e/cluster/paths.js';
import { STARTED_BY, readClusterRecord } from '../../e2e/cluster/state.js';
import { listLiveUsers, registerUser, unregisterUser } from '../../e2e/cluster/users.js';
import { resolveRepoRoot } from '../../e2e/cluster/paths.js';

export interface BenchCluster {
  kubeconfig: string;
  server: string;
  /** True when a healthy cluster was already running (it is left running). */
  reused: boolean;
  /** Stops the cluster only if this process started it and no test run uses it. */
  release(): Promise<string>;
}

const report = (line: string): void => { process.stderr.write(`[cluster] ${line}\n`); };

export async function acquireBenchCluster(privateCluster: boolean): Promise<BenchCluster> {
  const paths = privateCluster
    ? resolveClusterPaths({ ...process.env, E2E_CLUSTER_DIR: path.join(resolveRepoRoot(), '.e2e', 'bench-cluster') })
    : resolveClusterPaths();
  // Registered as a user like a test run, so a parallel test run never stops it under us (and vice versa).
  const { record, reused } = await withStateLock(paths.state, report, async () => {
    const result = await startCluster(paths, STARTED_BY.vitest, report);
    await registerUser(paths);
    return result;
  });
  report(reused ? `Reusing the cluster at ${record.server} (started by ${record.startedBy})` : `Started the local control plane at ${record.server}`);
  return {
    kubeconfig: record.kubeconfig,
    server: record.server,
    reused,
    release: () => withStateLock(paths.state, report, async () => {
      await unregisterUser(paths);
      if (reused) return 'left running (it was running before the benchmark)';
      const current = await readClusterRecord(paths);
      if (current?.startedBy !== STARTED_BY.vitest) return 'left running (adopted by `cluster:up` meanwhile)';
      const others = await listLiveUsers(paths);
      if (others.length > 0) return `left running for test runs ${others.join(', ')}`;
      await stopCluster(paths);
      return 'stopped (the benchmark started it)';
    }),
  };
}
