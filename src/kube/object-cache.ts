import { groupOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { isJsonObject } from '../api/json.js';
import type { ResourceWatch } from './watch-resources.js';

/** What readers see of one kind: its objects across the watched namespaces. */
export interface CachedKind {
  get(namespace: string | undefined, name: string): KubeObject | undefined;
  values(): Iterable<KubeObject>;
}

/**
 * The informer cache: watches per kind (filtered by the component label, so it holds what any
 * installation rendered, shared Base objects included; a namespaced kind either cluster-wide or once
 * per namespace IstioOperators may install into), read by the reconciler instead of the API.
 * Writes still go to the API server; their answers are recorded here so the next read is never older
 * than our last write.
 */
export interface ObjectCache {
  /** Registers a watch of one kind, in `namespace` or (undefined) across all namespaces. */
  register(apiVersion: string, kind: string, watch: ResourceWatch, namespace?: string): void;
  /**
   * The kind's objects once every watch of it has listed and none ran out of room; else undefined
   * (read from the API instead).
   */
  storeFor(apiVersion: string, kind: string): CachedKind | undefined;
  /** Our write's answer (apply response): kept unless the cache already holds a newer copy. */
  record(obj: KubeObject): void;
}

const kindKey = (apiVersion: string, kind: string): string => `${groupOf(apiVersion)}/${kind}`;
/** The watch of a cluster-wide (or cluster-scoped) collection. */
const ALL = '';

export function createObjectCache(): ObjectCache {
  const kinds = new Map<string, Map<string, ResourceWatch>>();
  const usable = (apiVersion: string, kind: string): Map<string, ResourceWatch> | undefined => {
    const watches = kinds.get(kindKey(apiVersion, kind));
    if (!watches) return undefined;
    for (const w of watches.values()) if (!w.isSynced() || w.store.overflowed) return undefined;
    return watches;
  };
  const watchOf = (watches: Map<string, ResourceWatch>, namespace: string | undefined): ResourceWatch | undefined => watches.get(ALL) ?? watches.get(namespace ?? ALL);
  return {
    register(apiVersion, kind, watch, namespace) {
      const key = kindKey(apiVersion, kind);
      const watches = kinds.get(key) ?? new Map<string, ResourceWatch>();
      watches.set(namespace ?? ALL, watch);
      kinds.set(key, watches);
    },
    storeFor(apiVersion, kind) {
      const watches = usable(apiVersion, kind);
      if (!watches) return undefined;
      return {
        get: (namespace, name) => watchOf(watches, namespace)?.store.get(namespace, name),
        *values() {
          for (const w of watches.values()) yield* w.store.values();
        },
      };
    },
    record(obj) {
      // Only objects a watch would hold: outside its selector or namespace, no watch would ever remove it.
      if (obj.metadata.labels?.[LabelKeys.component] === undefined) return;
      const watches = usable(obj.apiVersion, obj.kind);
      if (watches) watchOf(watches, obj.metadata.namespace)?.store.put(trimForCache(obj));
    },
  };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What the cache keeps of an object: everything but other managers' managedFields entries and
 * kubectl's last-applied annotation (a second copy of the object), which no reader of the cache looks
 * at. The no-op check needs only our own manager's entry. Roughly halves a Deployment's footprint.
 */
export function trimForCache(obj: KubeObject): KubeObject {
  const { managedFields, annotations } = obj.metadata;
  const ours = Array.isArray(managedFields) ? managedFields.filter((e) => isJsonObject(e) && e.manager === FIELD_MANAGER) : undefined;
  const trimmedAnnotations = annotations && LAST_APPLIED in annotations ? Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED)) : annotations;
  return { ...obj, metadata: { ...obj.metadata, ...(ours ? { managedFields: ours } : {}), ...(trimmedAnnotations ? { annotations: trimmedAnnotations } : {}) } };
}

/**
 * A cached copy of `ref`, or undefined: ask the API server. A synced store that lacks the object is not proof of absence: the watch sees
 * only labelled objects, and an unlabelled one with our name must still be found (adoption check).
 */
export function lookupCached(cache: ObjectCache | undefined, ref: ObjectRef): KubeObject | undefined {
  return cache?.storeFor(ref.apiVersion, ref.kind)?.get(ref.namespace, ref.name);
}
