import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../api/json.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import type { RestRequest } from './kube-rest.js';
import { createObjectCache } from './object-cache.js';
import { createWatchSource, WATCHED_KINDS } from './watch-source.js';

const silent: ReconcileLogger = { child: () => silent, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const CLUSTER_SCOPED = new Set(['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

/** Every collection the source lists and watches, with empty answers. */
async function watchedPaths(scope: Parameters<typeof createWatchSource>[4]): Promise<string[]> {
  const paths = new Set<string>();
  const clients = {
    rest: async (req: RestRequest): Promise<JsonValue> => (paths.add(req.path), { metadata: { resourceVersion: '1' }, items: [] }),
    resources: { resolve: async (_apiVersion: string, kind: string) => ({ plural: `${kind.toLowerCase()}s`, namespaced: !CLUSTER_SCOPED.has(kind) }) },
    watch: { watch: async (path: string) => (paths.add(path), { abort: () => undefined }) },
  } as unknown as KubeClients;
  const source = createWatchSource(clients, ['istio-system'], silent, createObjectCache(), scope);
  await source.start(() => undefined);
  await flush();
  source.stop();
  return [...paths].sort();
}

describe('createWatchSource', () => {
  it('watches namespaced kinds only in the cache namespaces, cluster-scoped kinds cluster-wide', async () => {
    const paths = await watchedPaths({ namespaces: ['istio-ingress', 'istio-system'] });
    expect(paths).toContain('/api/v1/namespaces/istio-system/configmaps');
    expect(paths).toContain('/api/v1/namespaces/istio-ingress/configmaps');
    expect(paths).toContain('/apis/rbac.authorization.k8s.io/v1/clusterroles');
    expect(paths).not.toContain('/api/v1/configmaps');
    // No namespaced kind is watched across all namespaces.
    const namespaced = WATCHED_KINDS.filter((k) => !CLUSTER_SCOPED.has(k.kind)).map((k) => `${k.kind.toLowerCase()}s`);
    expect(paths.filter((p) => !p.includes('/namespaces/') && namespaced.some((plural) => p.endsWith(`/${plural}`)))).toEqual([]);
  });

  it('watches across all namespaces without a scope', async () => {
    expect(await watchedPaths({})).toContain('/api/v1/configmaps');
  });
});
