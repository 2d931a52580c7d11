import { KubeConfig, KubernetesObjectApi, Watch } from '@kubernetes/client-node';
import { createKubeRest, type KubeRest } from './kube-rest.js';
import { createResourceResolver, type ResourceResolver } from './resource-paths.js';

/** Everything `src/kube` needs to talk to one cluster; created once by the composition root. */
export interface KubeClients {
  kc: KubeConfig;
  /** Raw JSON requests (apply, get, list, delete, patch); see kube-rest.ts for why not the typed client. */
  rest: KubeRest;
  /** Kind -> plural + scope, from discovery, cached. */
  resources: ResourceResolver;
  /** client-node's dynamic client, for callers that want it; our modules use `rest`. */
  objects: KubernetesObjectApi;
  watch: Watch;
}

/**
 * With a path: that kubeconfig. Without: `loadFromDefault`, which reads $KUBECONFIG or ~/.kube/config
 * and falls back to the in-cluster service account when running in a pod.
 */
export function createKubeClients(kubeconfigPath?: string): KubeClients {
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  return buildKubeClients(kc);
}

export function buildKubeClients(kc: KubeConfig): KubeClients {
  const rest = createKubeRest(kc);
  return { kc, rest, resources: createResourceResolver(rest), objects: KubernetesObjectApi.makeApiClient(kc), watch: new Watch(kc) };
}
