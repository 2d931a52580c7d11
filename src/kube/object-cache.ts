import { groupOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
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
      storeFor(obj.apiVersion, obj.kind)?.put(obj);
    },
  };
}

/**
 * A cached copy of `ref`, or undefined: ask the API server. A synced store that lacks the object is not proof of absence: the watch sees
 * only labelled objects, and an unlabelled one with our name must still be found (adoption check).
 */
export function lookupCached(cache: ObjectCache | undefined, ref: ObjectRef): KubeObject | undefined {
  return cache?.storeFor(ref.apiVersion, ref.kind)?.get(ref.namespace, ref.name);
}
