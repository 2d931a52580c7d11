import { ComponentNames } from '../api/components.js';
import { isJsonObject, type JsonValue } from '../api/json.js';
import { LabelKeys } from '../api/labels.js';
import type { KubeClients } from './kube-client.js';
import { isNotFound, KubeApiError } from './kube-errors.js';

/** What Kubernetes (and istiod) put into every namespace; anything else makes a namespace non-empty. */
const DEFAULT_CONTENT = new Set(['ConfigMap/kube-root-ca.crt', 'ConfigMap/istio-ca-root-cert', 'ServiceAccount/default']);
/**
 * Lists answered with metadata only: names and labels are all the check reads, and a Secret's data
 * should never reach the operator. Servers that cannot (an aggregated API) fall back to full objects.
 */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
/** Records about objects, not objects: they go with the namespace and never hold a user's data. */
const IGNORED_RESOURCES = new Set(['events', 'events.events.k8s.io']);

export interface NamespacedResource {
  /** `/api/v1` or `/apis/<group>/<version>`. */
  groupVersionPath: string;
  plural: string;
  kind: string;
}

/**
 * Every namespaced resource the apiserver serves that can be listed, one (preferred) version per
 * group, from discovery: CRDs and aggregated APIs included, so a user's StatefulSet, PVC or custom
 * resource is seen without a hand-kept list of kinds.
 */
export async function discoverNamespacedResources(clients: KubeClients): Promise<NamespacedResource[]> {
  const groups = await clients.rest({ method: 'GET', path: '/apis' });
  const paths = ['/api/v1'];
  for (const g of isJsonObject(groups) && Array.isArray(groups.groups) ? groups.groups : []) {
    const preferred = isJsonObject(g) && isJsonObject(g.preferredVersion ?? null) ? (g.preferredVersion as { groupVersion?: JsonValue }).groupVersion : undefined;
    if (typeof preferred === 'string') paths.push(`/apis/${preferred}`);
  }
  const found: NamespacedResource[] = [];
  for (const groupVersionPath of paths) {
    const list = await clients.rest({ method: 'GET', path: groupVersionPath });
    const group = groupVersionPath.startsWith('/apis/') ? groupVersionPath.split('/')[2] : '';
    for (const r of isJsonObject(list) && Array.isArray(list.resources) ? list.resources : []) {
      if (!isJsonObject(r) || typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string' || r.namespaced !== true) continue;
      if (!Array.isArray(r.verbs) || !r.verbs.includes('list')) continue;
      if (IGNORED_RESOURCES.has(group ? `${r.name}.${group}` : r.name)) continue;
      found.push({ groupVersionPath, plural: r.name, kind: r.kind });
    }
  }
  return found;
}

/**
 * What the namespace holds beyond its defaults and the shared Base objects, as `Kind/name`, at most a
 * few per resource (enough to say why it is kept). A kind it may not list counts as content (unknown is
 * not empty); any other list error throws.
 */
export async function listNamespaceContent(clients: KubeClients, namespace: string): Promise<string[]> {
  const content: string[] = [];
  for (const res of await discoverNamespacedResources(clients)) {
    let page: JsonValue;
    try {
      page = await clients.rest({ method: 'GET', path: `${res.groupVersionPath}/namespaces/${encodeURIComponent(namespace)}/${res.plural}`, query: { limit: 50 }, accept: METADATA_ONLY });
    } catch (err) {
      if (isNotFound(err)) continue; // the resource went away since discovery (a CRD deleted)
      // A kind the operator may not list (a user's CRD outside its RBAC) cannot be proven absent: keep.
      if (err instanceof KubeApiError && err.code === 403) {
        content.push(`${res.kind} (the operator may not list ${res.plural} in ${res.groupVersionPath})`);
        continue;
      }
      throw err;
    }
    const items = isJsonObject(page) && Array.isArray(page.items) ? page.items : [];
    for (const item of items) {
      const meta = isJsonObject(item) && isJsonObject(item.metadata ?? null) ? (item.metadata as Record<string, JsonValue>) : {};
      const name = typeof meta.name === 'string' ? meta.name : '';
      const labels = isJsonObject(meta.labels ?? null) ? (meta.labels as Record<string, JsonValue>) : {};
      // Shared Base objects (the reader account) belong to no one: they go with the namespace.
      if (DEFAULT_CONTENT.has(`${res.kind}/${name}`) || labels[LabelKeys.component] === ComponentNames.base) continue;
      content.push(`${res.kind}/${name}`);
    }
    const more = isJsonObject(page) && isJsonObject(page.metadata ?? null) && (page.metadata as Record<string, JsonValue>).continue;
    if (more) content.push(`${res.kind}/...`);
  }
  return content;
}
