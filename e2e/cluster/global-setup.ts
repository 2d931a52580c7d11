// vitest globalSetup of the integration and e2e projects: provides a cluster, never skips.
import { existsSync } from 'node:fs';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { TestProject } from 'vitest/node';
import { startCluster, stopCluster } from './cluster.js';
import { withStateLock } from './lock.js';
import { resolveClusterPaths } from './paths.js';
import { ENV } from './provided-context.js';
import { STARTED_BY, readClusterRecord } from './state.js';
import { listLiveUsers, registerUser, unregisterUser } from './users.js';

interface Session {
  readonly kubeconfig: string;
  readonly clusterDir: string;
  readonly stop: () => Promise<void>;
}

const report = (line: string): void => { process.stderr.write(`[cluster] ${line}\n`); };
const noop = async (): Promise<void> => {};

async function acquireExisting(env: NodeJS.ProcessEnv): Promise<Session> {
  const kubeconfig = env.KUBECONFIG ?? '';
  if (kubeconfig === '' || !existsSync(kubeconfig)) {
    throw new Error(`${ENV.useExisting}=1 needs KUBECONFIG to name one existing file (got '${kubeconfig}')`);
  }
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const version = await kc.makeApiClient(VersionApi).getCode().catch((error: Error) => {
    throw new Error(`The cluster of KUBECONFIG=${kubeconfig} is not reachable: ${error.message}`);
  });
  report(`Using the existing cluster ${kc.getCurrentCluster()?.server} (${version.gitVersion}); nothing is started`);
  return { kubeconfig, clusterDir: '', stop: noop };
}

async function acquireLocal(env: NodeJS.ProcessEnv): Promise<Session> {
  const paths = resolveClusterPaths(env);
  const began = Date.now();
  const { record, reused } = await withStateLock(paths.state, report, async () => {
    const result = await startCluster(paths, STARTED_BY.vitest, report);
    await registerUser(paths);
    return result;
  });
  report(reused ? `Reusing the cluster at ${record.server} (started by ${record.startedBy})`
    : `Started the local control plane at ${record.server} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  // Last run out stops a cluster that a test run started; one from `npm run cluster:up` stays.
  const stop = (): Promise<void> => withStateLock(paths.state, report, async () => {
    await unregisterUser(paths);
    const current = await readClusterRecord(paths);
    if (env[ENV.keep] === '1' || current?.startedBy !== STARTED_BY.vitest) return;
    const others = await listLiveUsers(paths);
    if (others.length > 0) {
      report(`Left the cluster running for test runs ${others.join(', ')}`);
      return;
    }
    await stopCluster(paths);
    report(`Stopped the local control plane (${paths.state})`);
  });
  return { kubeconfig: record.kubeconfig, clusterDir: paths.state, stop };
}

// Both projects (integration, e2e) run this setup in the same process: share one cluster.
const SHARED = Symbol.for('istio-operator.e2e.cluster');
interface Shared { users: number; session: Promise<Session> }
const registry = globalThis as { [SHARED]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = process.env;
  const shared = registry[SHARED] ??= {
    users: 0, session: env[ENV.useExisting] === '1' ? acquireExisting(env) : acquireLocal(env),
  };
  shared.users++;
  let session: Session;
  try {
    session = await shared.session;
  } catch (error) {
    if (--shared.users === 0) delete registry[SHARED];
    throw error;
  }
  project.provide('kubeconfig', session.kubeconfig);
  project.provide('clusterDir', session.clusterDir);
  return async () => {
    if (--shared.users > 0) return;
    delete registry[SHARED];
    await session.stop();
  };
}

