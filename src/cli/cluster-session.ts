import { KubeApiError } from '../kube/kube-errors.js';
import type { ClusterPort } from '../reconcile/ports.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import { ConflictError, TakeoverRequiredError } from '../reconcile/reconcile-errors.js';
import { CliError } from './cli-io.js';

/** What the cluster commands need: the reconciler's port and the server's URL for messages. */
export interface ClusterSession {
  server: string;
  port: ClusterPort;
}

export const clusterOptions = { kubeconfig: { type: 'string' } } as const;
export const clusterOptionsHelp = '      --kubeconfig PATH  kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)';

const silentLogger: ReconcileLogger = { child: () => silentLogger, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/**
 * Loads the kubeconfig and checks the API server answers, so a bad kubeconfig or a cluster that is
 * down is one readable line before anything else happens. The kube layer is imported lazily:
 * client-node would slow down every command that never talks to a cluster.
 */
export async function connectCluster(kubeconfig: string | undefined): Promise<ClusterSession> {
  const [{ createKubeClients }, { createClusterPort }] = await Promise.all([import('../kube/kube-client.js'), import('../kube/cluster-port.js')]);
  let clients: ReturnType<typeof createKubeClients>;
  try {
    clients = createKubeClients(kubeconfig);
  } catch (e) {
    throw new CliError(`cannot reach the cluster: cannot load kubeconfig ${kubeconfig ?? '(default)'}: ${describeError(e)}`);
  }
  const server = clients.kc.getCurrentCluster()?.server ?? '(no server)';
  try {
    await clients.rest({ method: 'GET', path: '/version' });
  } catch (e) {
    throw new CliError(`cannot reach the cluster at ${server}: ${describeError(e)}`);
  }
  return { server, port: createClusterPort(clients, silentLogger) };
}

/** Runs a cluster step, turning what the cluster says into one-line CliErrors instead of stack traces. */
export async function withClusterErrors<T>(session: ClusterSession, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof ConflictError) {
      throw new CliError(`${e.message}; refusing to take it over (uninstall that installation first, or install under its name)`);
    }
    if (e instanceof TakeoverRequiredError) throw new CliError(e.message);
    if (e instanceof KubeApiError) throw new CliError(`the API server at ${session.server} refused a request: ${e.message}`);
    if (isNetworkError(e)) throw new CliError(`cannot reach the cluster at ${session.server}: ${describeError(e)}`);
    throw e;
  }
}

/** Node's socket and TLS errors carry a string `code` (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
function isNetworkError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

function describeError(e: unknown): string {
  if (e instanceof KubeApiError) return `HTTP ${e.code} ${e.reason}`;
  const text = e instanceof Error ? e.message || e.name : String(e);
  return text.split('\n', 1)[0] ?? text;
}
