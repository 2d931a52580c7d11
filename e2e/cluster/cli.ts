// `npm run cluster:up|cluster:down`, `node dist/e2e/cluster/cli.js status`: the local control plane
// for the integration and e2e suites (see e2e/README.md).
import { startCluster, stopCluster } from './cluster.js';
import { withStateLock } from './lock.js';
import { resolveClusterPaths } from './paths.js';
import { STARTED_BY, getClusterStatus, renderStatus, writeClusterRecord } from './state.js';

const report = (line: string): void => { process.stderr.write(`[cluster] ${line}\n`); };
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main(command: string | undefined): Promise<number> {
  const paths = resolveClusterPaths();
  const began = Date.now();
  switch (command) {
    case 'up': {
      const { record, reused } = await withStateLock(paths.state, report, async () => {
        const result = await startCluster(paths, STARTED_BY.cli, report);
        // Asked for explicitly: a cluster a test run started now outlives that run.
        if (result.reused && result.record.startedBy !== STARTED_BY.cli) {
          await writeClusterRecord(paths, { ...result.record, startedBy: STARTED_BY.cli });
        }
        return result;
      });
      report(reused ? `Cluster already running (${record.server}), started by ${record.startedBy} at ${record.startedAt}`
        : `Cluster up at ${record.server} in ${seconds(began)}`);
      report(`export KUBECONFIG=${record.kubeconfig}`);
      process.stdout.write(`${record.kubeconfig}\n`);
      return 0;
    }
    case 'down':
      await withStateLock(paths.state, report, () => stopCluster(paths));
      report(`Cluster stopped and ${paths.state} removed in ${seconds(began)}`);
      return 0;
    case 'status': {
      const status = await getClusterStatus(paths);
      process.stdout.write(`${renderStatus(paths, status)}\n`);
      return status.healthy ? 0 : 1;
    }
    default:
      process.stderr.write('usage: cli.js up | down | status   (state dir: $E2E_CLUSTER_DIR or <repo>/.e2e/cluster)\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => { process.exitCode = code; },
  (error: Error) => { process.stderr.write(`${error.message}\n`); process.exitCode = 1; },
);
