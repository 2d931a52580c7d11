import type { KubeObject } from '../api/kube-object.js';

/** `namespace/name` within one kind. */
export const storeKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * True when resourceVersion `a` is older than `b`. resourceVersions are opaque by contract, but every
 * etcd-backed apiserver issues increasing integers; anything else compares as "not older", so the newer
 * copy simply replaces the held one.
 */
export function isOlderVersion(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length === b.length ? a < b : a.length < b.length;
}

const rvOf = (obj: KubeObject): string | undefined => (typeof obj.metadata.resourceVersion === 'string' ? obj.metadata.resourceVersion : undefined);

/**
 * The objects of one kind as last seen by its watch or written by us. A copy never goes back in
 * time: a late watch event older than the answer to our own write does not replace that answer, so
 * the reconciler never acts on a state older than its last write.
 */
export class ObjectStore {
  private readonly items = new Map<string, KubeObject>();

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.items.get(storeKey(namespace, name));
  }

  values(): IterableIterator<KubeObject> {
    return this.items.values();
  }

  entries(): IterableIterator<[string, KubeObject]> {
    return this.items.entries();
  }

  get size(): number {
    return this.items.size;
  }

  /** Stores `obj` unless what we hold is newer; returns the copy it replaced (or the newer one kept). */
  put(obj: KubeObject): { previous: KubeObject | undefined; stored: boolean } {
    const key = storeKey(obj.metadata.namespace, obj.metadata.name);
    const previous = this.items.get(key);
    if (previous && isOlderVersion(rvOf(obj), rvOf(previous))) return { previous, stored: false };
    this.items.set(key, obj);
    return { previous, stored: true };
  }

  remove(namespace: string | undefined, name: string): KubeObject | undefined {
    const key = storeKey(namespace, name);
    const previous = this.items.get(key);
    this.items.delete(key);
    return previous;
  }

  /** A fresh list at `listVersion`: held objects it lacks are gone, unless written by us after it. */
  removeMissing(seen: ReadonlySet<string>, listVersion: string): KubeObject[] {
    const gone: KubeObject[] = [];
    for (const [key, obj] of this.items) {
      if (seen.has(key) || isOlderVersion(listVersion, rvOf(obj))) continue;
      this.items.delete(key);
      gone.push(obj);
    }
    return gone;
  }
}
