import { loadKubeAccess, type KubeAccess } from './kube-access.js';
import { createKubeRest, type KubeRest } from './kube-rest.js';
import { createResourceResolver, type ResourceResolver } from './resource-paths.js';
import { createWatchClient, type WatchClient } from './watch-stream.js';

/** Everything `src/kube` needs to talk to one cluster; created once by the composition root. */
export interface KubeClients {
  /** Server and credentials (our loader, or a client-node KubeConfig in tests and tools). */
  kc: KubeAccess;
  /** Raw JSON requests (apply, get, list, delete, patch); see kube-rest.ts for why not the typed client. */
  rest: KubeRest;
  /** Kind -> plural + scope, from discovery, cached. */
  resources: ResourceResolver;
  watch: WatchClient;
}

/**
 * With a path: that kubeconfig. Without: $KUBECONFIG or ~/.kube/config, falling back to the in-cluster
 * service account when running in a pod (as client-node's `loadFromDefault`), without importing
 * client-node (see kube-access.ts).
 */
export function createKubeClients(kubeconfigPath?: string): KubeClients {
  return buildKubeClients(loadKubeAccess(kubeconfigPath));
}

export function buildKubeClients(kc: KubeAccess): KubeClients {
  const rest = createKubeRest(kc);
  return { kc, rest, resources: createResourceResolver(rest), watch: createWatchClient(kc) };
}
