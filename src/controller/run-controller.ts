import type { KubeObject } from '../api/kube-object.js';
import { mapEventToKey } from './map-event-to-key.js';
import type { WorkQueue } from './work-queue.js';
import { runWorkers, type ReconcileHandler, type WorkerPoolCallbacks } from './worker-pool.js';

export interface EventSource {
  /** Starts watching; every observed object is passed to `onObject`. Resolves once the first lists are in. */
  start(onObject: (obj: KubeObject) => void): Promise<void>;
  stop(): void;
}

export interface ControllerOptions {
  source: EventSource;
  queue: WorkQueue;
  reconcile: ReconcileHandler;
  concurrency: number;
  watchedNamespaces: readonly string[];
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
  const synced = source.start((obj) => {
    const key = mapEventToKey(obj, options.watchedNamespaces);
    if (key) queue.add(key);
  });
  return {
    synced,
    async stop() {
      source.stop();
      queue.shutDown();
      await workers;
    },
  };
}
