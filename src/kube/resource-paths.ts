import { isJsonObject } from '../api/json.js';
import { isNotFound, UnservedKindError } from './kube-errors.js';
import type { KubeRest, RequestCount } from './kube-rest.js';

export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

export interface ResourceResolver {
  resolve(apiVersion: string, kind: string, count?: RequestCount): Promise<ResourceInfo>;
}

/** `/api/v1` for core, `/apis/<group>/<version>` otherwise. */
export function buildGroupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Collection path; namespaced kinds without a namespace list across all namespaces. */
export function buildCollectionPath(apiVersion: string, info: ResourceInfo, namespace?: string): string {
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${buildGroupVersionPath(apiVersion)}${ns}/${info.plural}`;
}

export function buildObjectPath(apiVersion: string, info: ResourceInfo, name: string, namespace?: string): string {
  if (info.namespaced && !namespace) throw new Error(`Object ${name} of namespaced resource ${info.plural} has no namespace`);
  return `${buildCollectionPath(apiVersion, info, namespace)}/${encodeURIComponent(name)}`;
}

/** Discovery per group/version, cached; a kind missing from the cache refetches once (new CRDs). */
export function createResourceResolver(rest: KubeRest): ResourceResolver {
  const cache = new Map<string, Map<string, ResourceInfo>>();
  const fetchGroupVersion = async (apiVersion: string, count?: RequestCount): Promise<Map<string, ResourceInfo>> => {
    const list = await rest({ method: 'GET', path: buildGroupVersionPath(apiVersion) }, count);
    const kinds = new Map<string, ResourceInfo>();
    const resources = isJsonObject(list) && Array.isArray(list.resources) ? list.resources : [];
    for (const r of resources) {
      if (!isJsonObject(r) || typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string') continue;
      kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced === true });
    }
    cache.set(apiVersion, kinds);
    return kinds;
  };
  return {
    async resolve(apiVersion, kind, count) {
      const hit = cache.get(apiVersion)?.get(kind);
      if (hit) return hit;
      let kinds: Map<string, ResourceInfo>;
      try {
        kinds = await fetchGroupVersion(apiVersion, count);
      } catch (err) {
        if (isNotFound(err)) throw new UnservedKindError(apiVersion, kind);
        throw err;
      }
      const info = kinds.get(kind);
      if (!info) throw new UnservedKindError(apiVersion, kind);
      return info;
    },
  };
}
