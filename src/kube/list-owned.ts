import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { KubeClients } from './kube-client.js';
import { UnservedKindError } from './kube-errors.js';
import { newRequestCount, type RequestCount } from './kube-rest.js';
import { listObjects } from './object-io.js';
import type { ObjectCache } from './object-cache.js';
import type { KindRef } from './owned-kinds.js';

export interface OwnerRef {
  name: string;
  namespace: string;
}

/** Both ownership labels: the name alone would also match a same-named CR in another namespace. */
export function buildOwnerSelector(owner: OwnerRef): string {
  return `${LabelKeys.owningResource}=${owner.name},${LabelKeys.owningResourceNamespace}=${owner.namespace}`;
}

/** True when `obj` carries both of this owner's labels. */
export function isOwnedBy(obj: KubeObject, owner: OwnerRef): boolean {
  const labels = obj.metadata.labels;
  return labels?.[LabelKeys.owningResource] === owner.name && labels[LabelKeys.owningResourceNamespace] === owner.namespace;
}

/**
 * Everything carrying this owner's labels, across the given kinds and all namespaces: from the
 * informer cache for kinds it has listed, else one list request per kind.
 */
export async function listOwned(
  clients: KubeClients,
  owner: OwnerRef,
  kinds: readonly KindRef[],
  count: RequestCount = newRequestCount(),
  cache?: ObjectCache,
): Promise<KubeObject[]> {
  const labelSelector = buildOwnerSelector(owner);
  const owned: KubeObject[] = [];
  for (const kind of kinds) {
    const store = cache?.storeFor(kind.apiVersion, kind.kind);
    if (store) {
      for (const obj of store.values()) if (isOwnedBy(obj, owner)) owned.push(obj);
      continue;
    }
    try {
      owned.push(...(await listObjects(clients, kind, { labelSelector }, count)).items);
    } catch (err) {
      // Nothing of a kind the server does not serve can exist (e.g. NetworkAttachmentDefinition without Multus).
      if (err instanceof UnservedKindError) continue;
      throw err;
    }
  }
  return owned;
}
