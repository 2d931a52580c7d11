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

/** True when both are etcd revisions and `a` is not after `b`. */
function isNotNewer(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && /^\d+$/.test(a) && /^\d+$/.test(b) && (a === b || isOlderVersion(a, b));
}

/** Deletions remembered, so a write's answer that arrives after the delete event cannot resurrect the object. */
const MAX_TOMBSTONES = 10_000;

const rvOf = (obj: KubeObject): string | undefined => (typeof obj.metadata.resourceVersion === 'string' ? obj.metadata.resourceVersion : undefined);

/**
 * The objects of one kind as last seen by its watch or written by us. A copy never goes back in
 * time: a late watch event older than the answer to our own write does not replace that answer, so
 * the reconciler never acts on a state older than its last write.
 */
export class ObjectStore {
  private readonly items = new Map<string, KubeObject>();
  /** key -> resourceVersion at which the object was seen deleted. */
  private readonly tombstones = new Map<string, string>();
  private full = false;

  /**
   * `maxObjects` bounds what anyone who may label objects can make us hold. A new object beyond it is
   * refused and the store becomes incomplete (`overflowed`) until `beginRelist` starts a fresh list.
   */
  constructor(private readonly maxObjects = Number.POSITIVE_INFINITY) {}

  /** True when an object was refused for lack of room: the store no longer holds every object. */
  get overflowed(): boolean {
    return this.full;
  }

  /** A full list follows: it decides afresh whether everything fits. */
  beginRelist(): void {
    this.full = false;
  }

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

  /**
   * Stores `obj` unless what we hold is newer; returns the copy it replaced (or the newer one kept).
   * `refused`: a new object that did not fit (it is still news to whoever watches).
   */
  put(obj: KubeObject): { previous: KubeObject | undefined; stored: boolean; refused?: true } {
    const key = storeKey(obj.metadata.namespace, obj.metadata.name);
    const previous = this.items.get(key);
    if (previous && isOlderVersion(rvOf(obj), rvOf(previous))) return { previous, stored: false };
    // The answer to a write sent before the delete, read after the delete event: that copy no longer exists.
    if (isNotNewer(rvOf(obj), this.tombstones.get(key))) return { previous, stored: false };
    if (!previous && this.items.size >= this.maxObjects) {
      this.full = true;
      return { previous, stored: false, refused: true };
    }
    this.tombstones.delete(key);
    this.items.set(key, obj);
    return { previous, stored: true };
  }

  /** Forgets the object; `deletedAt` (the delete event's resourceVersion) keeps older copies out from then on. */
  remove(namespace: string | undefined, name: string, deletedAt?: string): KubeObject | undefined {
    const key = storeKey(namespace, name);
    const previous = this.items.get(key);
    this.items.delete(key);
    if (deletedAt) this.bury(key, deletedAt);
    return previous;
  }

  private bury(key: string, deletedAt: string): void {
    this.tombstones.delete(key);
    this.tombstones.set(key, deletedAt);
    if (this.tombstones.size > MAX_TOMBSTONES) this.tombstones.delete(this.tombstones.keys().next().value as string);
  }

  /** A fresh list at `listVersion`: held objects it lacks are gone, unless written by us after it. */
  removeMissing(seen: ReadonlySet<string>, listVersion: string): KubeObject[] {
    const gone: KubeObject[] = [];
    for (const [key, obj] of this.items) {
      if (seen.has(key) || isOlderVersion(listVersion, rvOf(obj))) continue;
      this.items.delete(key);
      this.bury(key, listVersion);
      gone.push(obj);
    }
    return gone;
  }
}
