import { groupOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { isJsonObject } from '../api/json.js';
import type { ObjectStore } from './object-store.js';
import type { ResourceWatch } from './watch-resources.js';

/**
 * The informer cache: one watch per kind (filtered by the component label, so it holds what any
 * installation rendered, shared Base objects included), read by the reconciler instead of the API.
 * Writes still go to the API server; their answers are recorded here so the next read is never older
 * than our last write.
 */
export interface ObjectCache {
  /** Registers the watch of one kind; its store serves reads once it has listed. */
  register(apiVersion: string, kind: string, watch: ResourceWatch): void;
  /** The kind's store when its watch has listed, else undefined (read from the API instead). */
  storeFor(apiVersion: string, kind: string): ObjectStore | undefined;
  /** Our write's answer (apply response): kept unless the cache already holds a newer copy. */
  record(obj: KubeObject): void;
}

const kindKey = (apiVersion: string, kind: string): string => `${groupOf(apiVersion)}/${kind}`;

export function createObjectCache(): ObjectCache {
  const watches = new Map<string, ResourceWatch>();
  const storeFor = (apiVersion: string, kind: string): ObjectStore | undefined => {
    const watch = watches.get(kindKey(apiVersion, kind));
    return watch?.isSynced() ? watch.store : undefined;
  };
  return {
    register: (apiVersion, kind, watch) => void watches.set(kindKey(apiVersion, kind), watch),
    storeFor,
    record(obj) {
      // Only objects the watch would hold: outside its selector, the watch would never remove it.
      if (obj.metadata.labels?.[LabelKeys.component] === undefined) return;
      storeFor(obj.apiVersion, obj.kind)?.put(trimForCache(obj));
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
