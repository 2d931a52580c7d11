import { IOP_KIND } from '../api/istio-operator.js';
import type { KubeObject } from '../api/kube-object.js';
import { mapEventToKey } from './map-event-to-key.js';
import type { WorkQueue } from './work-queue.js';
import { runWorkers, type ReconcileHandler, type WorkerPoolCallbacks } from './worker-pool.js';

export interface EventSource {
  /**
   * Starts watching; every observed object is passed to `onObject`. Resolves once the first lists are in.
   * `onCacheSynced` is called each time another kind's first list is in (some sync after reconciles began).
   */
  start(onObject: (obj: KubeObject) => void, onCacheSynced?: () => void): Promise<void>;
  stop(): void;
}

export interface ControllerOptions {
  source: EventSource;
  queue: WorkQueue;
  reconcile: ReconcileHandler;
  concurrency: number;
  watchedNamespaces: readonly string[];
  /**
   * Every IstioOperator seen is reconciled again this often even without events: drift on objects no
   * watch sees (the unowned Base objects) and an RBAC fix get noticed. 0 turns it off.
   */
  resyncPeriodMs?: number;
  callbacks?: WorkerPoolCallbacks;
}

export interface RunningController {
  /** Resolves when the watches have listed once (readiness). */
  synced: Promise<void>;
  /** Stops the watches, drains in-flight reconciles, resolves when done. */
  stop(): Promise<void>;
}

/** Watches -> keys -> queue -> workers. Watches only enqueue keys; the workers do all the work. */
export function runController(options: ControllerOptions): RunningController {
  const { source, queue } = options;
  const workers = runWorkers(queue, options.concurrency, options.reconcile, options.callbacks);
  // Keys of IstioOperators seen; a deleted one costs a GET per resync until restart, which is cheap.
  const known = new Set<string>();
  const requeueKnown = (): void => known.forEach((key) => queue.add(key));
  // A reconcile that ran before a kind's cache synced read that kind with GETs; an object deleted
  // between such a GET and the kind's first list is in no list and no watch event, so nothing would
  // wake its owner. Each kind's sync therefore re-queues every IstioOperator (the queue folds the repeats).
  const synced = source.start((obj) => {
    const key = mapEventToKey(obj, options.watchedNamespaces);
    if (!key) return;
    if (obj.kind === IOP_KIND) known.add(key);
    queue.add(key);
  }, requeueKnown);
  const resync = options.resyncPeriodMs ? setInterval(requeueKnown, options.resyncPeriodMs) : undefined;
  resync?.unref();
  return {
    synced,
    async stop() {
      if (resync) clearInterval(resync);
      source.stop();
      queue.shutDown();
      await workers;
    },
  };
}
