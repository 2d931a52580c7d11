import { isJsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { systemTimers, type TimerHandle, type Timers } from '../reconcile/clock.js';
import type { KubeClients } from './kube-client.js';
import { isGone } from './kube-errors.js';
import { listCollection } from './list-collection.js';
import { parseKubeObject } from './object-io.js';
import { ObjectStore, storeKey } from './object-store.js';

/** What changed: the copy held before (absent for a new object) and whether the object is gone. */
export interface WatchChange {
  previous: KubeObject | undefined;
  deleted: boolean;
}

export interface WatchResourcesOptions {
  clients: KubeClients;
  /** Collection path, e.g. `/apis/install.istio.io/v1alpha1/istiooperators` (all namespaces). */
  path: string;
  labelSelector?: string;
  /**
   * Every object seen: listed, added, modified or deleted. Level-based consumers look only at `obj`;
   * `change` lets a predicate compare with the copy held before (the informer cache's old object).
   */
  onEvent: (obj: KubeObject, change: WatchChange) => void;
  onError: (err: unknown) => void;
  /** Called once, after the first list has been reported (cache synced). */
  onSynced?: () => void;
  timers?: Timers;
  backoff?: { initialMs: number; maxMs: number };
  /** Applied to every object before it is stored and reported (e.g. trimForCache). */
  transform?: (obj: KubeObject) => KubeObject;
  /** Server-side watch timeout; the watch then resumes from the last resourceVersion. */
  watchTimeoutSeconds?: number;
  /** At most this many objects are held; beyond, the store is incomplete until the next relist. */
  maxObjects?: number;
  /** Called when an object is first refused for lack of room (once per list). */
  onOverflow?: () => void;
}

export interface ResourceWatch {
  stop(): void;
  /** The informer cache: every object of the watched collection as last seen (or written by us). */
  readonly store: ObjectStore;
  /** True once the first list has been stored. */
  isSynced(): boolean;
}

/** Capped exponential backoff: initial * 2^attempt, at most max. */
export function computeBackoff(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

const objectKey = (o: KubeObject): string => storeKey(o.metadata.namespace, o.metadata.name);

/**
 * List, then watch from the list's resourceVersion, forever until stop(). A watch that ends cleanly
 * resumes from the last resourceVersion; 410 Gone relists at once; any other failure relists after a
 * capped exponential backoff. A relist also reports objects that vanished while we were not watching.
 */
export function watchResources(opts: WatchResourcesOptions): ResourceWatch {
  const timers = opts.timers ?? systemTimers;
  // Capped at 5 s: after an apiserver restart every watch is back within seconds, not half a minute.
  const { initialMs, maxMs } = opts.backoff ?? { initialMs: 500, maxMs: 5_000 };
  const known = new ObjectStore(opts.maxObjects);
  let stopped = false;
  let synced = false;
  let epoch = 0;
  let attempt = 0;
  let resourceVersion: string | undefined;
  let timer: TimerHandle | undefined;
  let abort: { abort(): void } | undefined;

  const schedule = (fn: () => void, delayMs: number): void => {
    if (stopped) return;
    timer = timers.setTimeout(() => {
      timer = undefined;
      fn();
    }, delayMs);
  };
  const retryLater = (err: unknown): void => {
    if (stopped) return;
    opts.onError(err);
    resourceVersion = undefined;
    schedule(() => void relist(), computeBackoff(attempt++, initialMs, maxMs));
  };

  const relist = async (): Promise<void> => {
    const mine = ++epoch;
    try {
      const { items, rv } = await listCollection(opts.clients, opts.path, opts.labelSelector);
      if (stopped || mine !== epoch) return;
      reconcileKnown(items, rv);
      if (!synced) opts.onSynced?.();
      synced = true;
      resourceVersion = rv;
      attempt = 0;
    } catch (err) {
      if (mine === epoch) retryLater(err);
      return;
    }
    await startWatch();
  };

  /** Report every listed object, and the ones that vanished since we last knew them. */
  const reconcileKnown = (items: KubeObject[], listVersion: string): void => {
    const seen = new Set<string>();
    known.beginRelist();
    for (const item of items) {
      const obj = opts.transform ? opts.transform(item) : item;
      seen.add(objectKey(obj));
      store(obj);
    }
    for (const obj of known.removeMissing(seen, listVersion)) opts.onEvent(obj, { previous: obj, deleted: true });
  };

  /** Holds and reports `obj`; one that did not fit is reported all the same. */
  const store = (obj: KubeObject): void => {
    const wasFull = known.overflowed;
    const { previous, stored, refused } = known.put(obj);
    if (refused && !wasFull) opts.onOverflow?.();
    if (stored || refused) opts.onEvent(obj, { previous, deleted: false });
  };

  const startWatch = async (): Promise<void> => {
    const mine = ++epoch;
    let gone = false;
    let sawEvent = false;
    const onWatchEvent = (phase: string, raw: JsonValue): void => {
      if (stopped || mine !== epoch || !isJsonObject(raw)) return;
      if (phase === 'ERROR') {
        gone = raw.code === 410;
        abort?.abort();
        return;
      }
      sawEvent = true;
      // A BOOKMARK carries only metadata.resourceVersion (no name): it moves us forward, nothing else.
      const meta = isJsonObject(raw.metadata) ? raw.metadata : {};
      if (typeof meta.resourceVersion === 'string' && meta.resourceVersion) resourceVersion = meta.resourceVersion;
      if (phase === 'BOOKMARK') return;
      const parsed = parseKubeObject(raw);
      const obj = opts.transform ? opts.transform(parsed) : parsed;
      if (phase === 'DELETED') {
        opts.onEvent(obj, { previous: known.remove(obj.metadata.namespace, obj.metadata.name, typeof obj.metadata.resourceVersion === 'string' ? obj.metadata.resourceVersion : undefined), deleted: true });
        return;
      }
      store(obj);
    };
    const onDone = (err: unknown): void => {
      if (stopped || mine !== epoch) return;
      // client-node's Watch reports a non-200 answer as an Error with `statusCode`.
      const statusGone = (err as { statusCode?: unknown } | null)?.statusCode === 410;
      if (gone || statusGone || isGone(err)) return void relist();
      if (err) return retryLater(err);
      if (sawEvent) attempt = 0;
      // Clean close (server timeout): resume where we were; back off only if it keeps closing idle.
      schedule(() => void startWatch(), sawEvent ? 0 : computeBackoff(attempt++, initialMs, maxMs));
    };
    const query = { labelSelector: opts.labelSelector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: opts.watchTimeoutSeconds ?? 300 };
    try {
      // The event object is narrowed in onWatchEvent.
      abort = await opts.clients.watch.watch(opts.path, query, (phase: string, obj: JsonValue) => onWatchEvent(phase, obj), onDone);
      if (stopped) abort.abort();
    } catch (err) {
      if (mine === epoch) retryLater(err);
    }
  };

  void relist();
  return {
    store: known,
    isSynced: () => synced,
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      abort?.abort();
    },
  };
}
