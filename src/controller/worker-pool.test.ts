import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReconcileOutcome } from '../reconcile/reconcile-errors.js';
import { InvalidSpecError } from '../reconcile/reconcile-errors.js';
import { createRateLimiter } from './rate-limiter.js';
import { runWorkers } from './worker-pool.js';
import { WorkQueue } from './work-queue.js';

/** Lets pending promise callbacks run without advancing fake time. */
const flush = () => vi.advanceTimersByTimeAsync(0);

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runWorkers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets the backoff after success and leaves the key idle', async () => {
    const q = new WorkQueue();
    const calls: string[] = [];
    const outcomes: string[] = [];
    const pool = runWorkers(q, 2, async (key) => {
      calls.push(key);
      return { kind: 'done' };
    }, { onOutcome: (key, o) => outcomes.push(`${key}:${o.kind}`) });
    q.addRateLimited('a');
    q.addRateLimited('a');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual(['a']);
    expect(outcomes).toEqual(['a:done']);
    expect(q.numRequeues('a')).toBe(0);
    q.shutDown();
    await pool;
  });

  it('requeues retryable failures with exponential backoff and stops on terminal ones', async () => {
    const q = new WorkQueue({ rateLimiter: createRateLimiter() });
    const times: number[] = [];
    const script: ReconcileOutcome[] = [
      { kind: 'retry', error: new Error('unavailable') },
      { kind: 'retry', error: new Error('unavailable') },
      { kind: 'terminal', error: new InvalidSpecError([]) },
    ];
    const pool = runWorkers(q, 1, async () => {
      times.push(Date.now());
      return script.shift() ?? { kind: 'done' };
    });
    q.add('k');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times).toEqual([0, 1_000, 3_000]);
    expect(q.len() + q.delayedLen()).toBe(0);
    q.shutDown();
    await pool;
  });

  it('requeues after the requested delay', async () => {
    const q = new WorkQueue();
    const times: number[] = [];
    const pool = runWorkers(q, 1, async () => {
      times.push(Date.now());
      return times.length < 3 ? { kind: 'requeueAfter', ms: 10_000 } : { kind: 'done' };
    });
    q.add('k');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times).toEqual([0, 10_000, 20_000]);
    q.shutDown();
    await pool;
  });

  it('treats a thrown error like its classified outcome', async () => {
    const q = new WorkQueue();
    const errors: unknown[] = [];
    const kinds: string[] = [];
    let n = 0;
    const pool = runWorkers(q, 1, async () => {
      n++;
      if (n === 1) throw new Error('boom');
      if (n === 2) throw new InvalidSpecError([{ path: 'spec', reason: 'bad' }]);
      return { kind: 'done' };
    }, { onHandlerError: (_k, e) => errors.push(e), onOutcome: (_k, o) => kinds.push(o.kind) });
    q.add('k');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(kinds).toEqual(['retry', 'terminal']);
    expect(errors).toHaveLength(2);
    q.shutDown();
    await pool;
  });

  it('runs different keys concurrently but one key at a time, re-running a key changed mid-flight once', async () => {
    const q = new WorkQueue();
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    let active = 0;
    let maxActive = 0;
    const log: string[] = [];
    const pool = runWorkers(q, 3, async (key) => {
      active++;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${key}`);
      const gate = deferred<void>();
      gates.set(key, gate);
      await gate.promise;
      active--;
      log.push(`end ${key}`);
      return { kind: 'done' };
    });
    q.add('a');
    q.add('b');
    await flush();
    expect(log).toEqual(['start a', 'start b']);
    q.add('a');
    q.add('a');
    await flush();
    expect(log).toEqual(['start a', 'start b']);
    gates.get('a')?.resolve();
    await flush();
    expect(log).toEqual(['start a', 'start b', 'end a', 'start a']);
    gates.get('a')?.resolve();
    gates.get('b')?.resolve();
    await flush();
    expect(log.filter((l) => l === 'start a')).toHaveLength(2);
    expect(maxActive).toBe(2);
    q.shutDown();
    await pool;
  });

  it('on shutdown waits for in-flight handlers, then takes no new keys', async () => {
    const q = new WorkQueue();
    const gate = deferred<void>();
    const handled: string[] = [];
    let finished = false;
    const pool = runWorkers(q, 2, async (key) => {
      await gate.promise;
      handled.push(key);
      return { kind: 'retry', error: new Error('x') };
    }).then(() => (finished = true));
    q.add('a');
    await flush();
    q.shutDown();
    q.add('b');
    await flush();
    expect(finished).toBe(false);
    gate.resolve();
    await pool;
    expect(finished).toBe(true);
    expect(handled).toEqual(['a']);
    // The retry requested during shutdown scheduled nothing.
    expect(q.delayedLen()).toBe(0);
  });
});
