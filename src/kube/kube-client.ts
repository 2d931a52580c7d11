import { IdleDeadlineWatch } from './idle-deadline-watch.js';
import { loadKubeAccess, type KubeAccess } from './kube-access.js';
import { createKubeRest, type KubeRest, type KubeRestOptions } from './kube-rest.js';
import { createResourceResolver, type ResourceResolver } from './resource-paths.js';
import type { WatchClient } from './watch-stream.js';
import { fenceToTerm } from './write-fence.js';

/** Everything `src/kube` needs to talk to one cluster; created once by the composition root. */
export interface KubeClients {
  /** Server and credentials (our loader, or a client-node KubeConfig in tests and tools). */
  kc: KubeAccess;
  /** Raw JSON requests (apply, get, list, delete, patch), each with a deadline; see kube-rest.ts. */
  rest: KubeRest;
  /** Kind -> plural + scope, from discovery, cached. */
  resources: ResourceResolver;
  /** Watches with an idle deadline (a dead connection is noticed); see idle-deadline-watch.ts. */
  watch: WatchClient;
}

/**
 * With a path: that kubeconfig. Without: $KUBECONFIG or ~/.kube/config, falling back to the in-cluster
 * service account when running in a pod (as client-node's `loadFromDefault`), without importing
 * client-node (see kube-access.ts).
 */
export function createKubeClients(kubeconfigPath?: string, options: KubeRestOptions = {}): KubeClients {
  return buildKubeClients(loadKubeAccess(kubeconfigPath), options);
}

export function buildKubeClients(kc: KubeAccess, options: KubeRestOptions = {}): KubeClients {
  const rest = createKubeRest(kc, options);
  return { kc, rest, resources: createResourceResolver(rest), watch: new IdleDeadlineWatch(kc) };
}

/** The same clients, with every request refused or cancelled once `term` aborts (see write-fence.ts). */
export function fenceClients(clients: KubeClients, term: AbortSignal, leading?: () => boolean): KubeClients {
  const rest = fenceToTerm(clients.rest, term, leading);
  return { ...clients, rest, resources: createResourceResolver(rest) };
}
