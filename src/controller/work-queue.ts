import { systemClock, systemTimers, type Clock, type TimerHandle, type Timers } from '../reconcile/clock.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface WorkQueueOptions {
  clock?: Clock;
  timers?: Timers;
  rateLimiter?: RateLimiter;
}

/**
 * A keyed work queue with client-go semantics (rule 1):
 * - a key added N times before a worker takes it is processed once;
 * - a key is never handed to two workers: added while in flight, it is marked dirty and
 *   queued again when the worker calls `done`;
 * - `addAfter` keeps only the earliest pending deadline per key.
 * After `shutDown`, `get` resolves `undefined` and adds are ignored: the controller is level-based,
 * so whatever was still queued is picked up again from a fresh list on the next start.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys that need processing: queued, or in flight and changed since they were taken. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly delayed = new Map<string, { deadline: number; handle: TimerHandle }>();
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly rateLimiter: RateLimiter;

  constructor(options: WorkQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.rateLimiter = options.rateLimiter ?? createRateLimiter({ clock: this.clock });
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const deadline = this.clock.now().getTime() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.deadline <= deadline) return;
    if (pending) this.timers.clearTimeout(pending.handle);
    const handle = this.timers.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { deadline, handle });
  }

  addRateLimited(key: string): void {
    if (this.shuttingDown) return;
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Resets the key's backoff; does not remove it from the queue. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** Resolves with the next ready key (the caller must call `done`), or `undefined` once shut down. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.take();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (!this.shuttingDown && this.dirty.has(key)) {
      this.queue.push(key);
      this.dispatch();
    }
  }

  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { handle } of this.delayed.values()) this.timers.clearTimeout(handle);
    this.delayed.clear();
    for (const resolve of this.waiters.splice(0)) resolve(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Keys ready to be handed out (not counting in-flight or delayed ones). */
  len(): number {
    return this.queue.length;
  }

  /** Keys waiting on an `addAfter` deadline. */
  delayedLen(): number {
    return this.delayed.size;
  }

  private take(): string | undefined {
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private dispatch(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const resolve = this.waiters.shift();
      const key = this.take();
      if (resolve && key !== undefined) resolve(key);
    }
  }
}
