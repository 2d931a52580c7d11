import { KubeConfig, Watch } from '@kubernetes/client-node';
import { IdleDeadlineWatch } from './idle-deadline-watch.js';
import { createKubeRest, type KubeRest, type KubeRestOptions } from './kube-rest.js';
import { createResourceResolver, type ResourceResolver } from './resource-paths.js';
import { fenceToTerm } from './write-fence.js';

/** Everything `src/kube` needs to talk to one cluster; created once by the composition root. */
export interface KubeClients {
  kc: KubeConfig;
  /** Raw JSON requests (apply, get, list, delete, patch), each with a deadline; see kube-rest.ts. */
  rest: KubeRest;
  /** Kind -> plural + scope, from discovery, cached. */
  resources: ResourceResolver;
  /** Watches with an idle deadline (a dead connection is noticed); see idle-deadline-watch.ts. */
  watch: Watch;
}

/**
 * With a path: that kubeconfig. Without: `loadFromDefault`, which reads $KUBECONFIG or ~/.kube/config
 * and falls back to the in-cluster service account when running in a pod.
 */
export function createKubeClients(kubeconfigPath?: string, options: KubeRestOptions = {}): KubeClients {
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  return buildKubeClients(kc, options);
}

export function buildKubeClients(kc: KubeConfig, options: KubeRestOptions = {}): KubeClients {
  const rest = createKubeRest(kc, options);
  return { kc, rest, resources: createResourceResolver(rest), watch: new IdleDeadlineWatch(kc) };
}

/** The same clients, with every request refused or cancelled once `term` aborts (see write-fence.ts). */
export function fenceClients(clients: KubeClients, term: AbortSignal, leading?: () => boolean): KubeClients {
  const rest = fenceToTerm(clients.rest, term, leading);
  return { ...clients, rest, resources: createResourceResolver(rest) };
}
