import { systemClock, type Clock } from '../reconcile/clock.js';
import { buildErrorOutcome, type ReconcileOutcome } from '../reconcile/reconcile-errors.js';
import type { WorkQueue } from './work-queue.js';

export type ReconcileHandler = (key: string) => Promise<ReconcileOutcome>;

/** Observability hooks instead of a logger; they must not throw. */
export interface WorkerPoolCallbacks {
  /** After every handled key, with the outcome acted on and how long the handler ran. */
  onOutcome?(key: string, outcome: ReconcileOutcome, durationMs: number): void;
  /** The handler threw instead of returning an outcome; the error was classified and acted on. */
  onHandlerError?(key: string, error: unknown): void;
  clock?: Clock;
}

/**
 * Runs `concurrency` workers that take keys from the queue until it shuts down. Resolves once every
 * worker has finished its in-flight handler, so the caller can `shutDown()` then await this.
 * The queue guarantees one in-flight reconcile per key, whatever the concurrency.
 */
export async function runWorkers(
  queue: WorkQueue,
  concurrency: number,
  handler: ReconcileHandler,
  callbacks: WorkerPoolCallbacks = {},
): Promise<void> {
  const workers = Array.from({ length: Math.max(1, Math.floor(concurrency)) }, () => runWorker(queue, handler, callbacks));
  await Promise.all(workers);
}

async function runWorker(queue: WorkQueue, handler: ReconcileHandler, callbacks: WorkerPoolCallbacks): Promise<void> {
  const clock = callbacks.clock ?? systemClock;
  for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
    const started = clock.now().getTime();
    try {
      let outcome: ReconcileOutcome;
      try {
        outcome = await handler(key);
      } catch (error) {
        // A handler should return an outcome; if it throws, the same decision point still applies.
        outcome = buildErrorOutcome(error);
        callbacks.onHandlerError?.(key, error);
      }
      applyOutcome(queue, key, outcome);
      callbacks.onOutcome?.(key, outcome, clock.now().getTime() - started);
    } finally {
      // Always release the key, or it could never be handed out again.
      queue.done(key);
    }
  }
}

/** controller-runtime's reconcileHandler: what each outcome does to the key's queue state. */
function applyOutcome(queue: WorkQueue, key: string, outcome: ReconcileOutcome): void {
  switch (outcome.kind) {
    case 'done':
      queue.forget(key);
      return;
    case 'requeueAfter':
      queue.forget(key);
      queue.addAfter(key, outcome.ms);
      return;
    case 'retry':
      queue.addRateLimited(key);
      return;
    case 'terminal':
      // No requeue: a spec change or an owned-object event enqueues the key again.
      return;
  }
}
