import { LabelKeys } from '../api/labels.js';
import type { RevisionUsersQuery } from '../reconcile/ports.js';
import type { KubeClients } from './kube-client.js';
import { listCollection } from './list-collection.js';

/**
 * The workloads that still select a revision: pods labelled with one of its `istio.io/rev` values (the
 * injector labels every pod it injects so) other than an installation's own components (istiod, the
 * gateways: their pod templates carry `operator.istio.io/component`), and namespaces that point at it.
 * Two or three label-selected lists; the answers name what to move.
 */
export async function findRevisionUsers(clients: KubeClients, query: RevisionUsersQuery): Promise<string[]> {
  const values = query.revisions.map((r) => r.replace(/[^A-Za-z0-9_.-]/g, '')).filter((r) => r !== '');
  if (values.length === 0) return [];
  const selector = `${LabelKeys.revision} in (${values.join(',')})`;
  const pods = (await listCollection(clients, '/api/v1/pods', selector)).items.filter((p) => {
    const labels = p.metadata.labels ?? {};
    if (labels[LabelKeys.component] !== undefined) return false;
    return !(labels[LabelKeys.owningResource] === query.owner.name && labels[LabelKeys.owningResourceNamespace] === query.owner.namespace);
  });
  const namespaces = (await listCollection(clients, '/api/v1/namespaces', selector)).items;
  const legacy = query.legacyInjection ? (await listCollection(clients, '/api/v1/namespaces', 'istio-injection=enabled')).items : [];
  return [
    ...pods.map((p) => `pod ${p.metadata.namespace ?? ''}/${p.metadata.name}`),
    ...[...namespaces, ...legacy].map((n) => `namespace ${n.metadata.name}`),
  ];
}
