import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

/** Takes every key that is ready right now, without waiting. */
async function drainReady(q: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (q.len() > 0) {
    const key = await q.get();
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

describe('WorkQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('deduplicates a key queued several times before processing, keeping FIFO order', async () => {
    const q = new WorkQueue();
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    q.add('ns/a');
    expect(q.len()).toBe(2);
    expect(await drainReady(q)).toEqual(['ns/a', 'ns/b']);
  });

  it('never hands an in-flight key to a second worker; re-queues it once on done', async () => {
    const q = new WorkQueue();
    q.add('k');
    const first = await q.get();
    expect(first).toBe('k');
    q.add('k');
    q.add('k');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((key) => (second = key));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done('k');
    await Promise.resolve();
    expect(second).toBe('k');
    q.done('k');
    expect(q.len()).toBe(0);
  });

  it('does not re-queue a key on done when it was not added while in flight', async () => {
    const q = new WorkQueue();
    q.add('k');
    await q.get();
    q.done('k');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting get when a key arrives', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.add('k');
    await expect(pending).resolves.toBe('k');
  });

  it('addAfter delivers at the deadline and keeps the earliest one', async () => {
    const q = new WorkQueue();
    q.addAfter('k', 5_000);
    q.addAfter('k', 1_000);
    q.addAfter('k', 3_000);
    expect(q.delayedLen()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(await drainReady(q)).toEqual(['k']);
    q.done('k');
    // The later deadlines were superseded, not kept as extra timers.
    vi.advanceTimersByTime(10_000);
    expect(q.len()).toBe(0);
  });

  it('addAfter with a non-positive delay adds immediately', () => {
    const q = new WorkQueue();
    q.addAfter('k', 0);
    expect(q.len()).toBe(1);
  });

  it('addRateLimited backs off exponentially until forget', () => {
    const q = new WorkQueue({ rateLimiter: createRateLimiter() });
    q.addRateLimited('k');
    q.addRateLimited('k');
    expect(q.numRequeues('k')).toBe(2);
    // The second call asked for 2 s but the 1 s deadline is earlier and wins.
    vi.advanceTimersByTime(1_000);
    expect(q.len()).toBe(1);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('shutDown releases waiters, cancels timers and ignores later adds', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.addAfter('later', 1_000);
    q.shutDown();
    await expect(waiting).resolves.toBeUndefined();
    expect(q.delayedLen()).toBe(0);
    q.add('k');
    q.addRateLimited('k');
    vi.advanceTimersByTime(5_000);
    expect(q.len()).toBe(0);
    await expect(q.get()).resolves.toBeUndefined();
    expect(q.isShuttingDown()).toBe(true);
  });
});
