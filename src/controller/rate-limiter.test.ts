import { describe, expect, it } from 'vitest';
import type { Clock } from '../reconcile/clock.js';
import { createRateLimiter } from './rate-limiter.js';

function fakeClock(start = 0): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

describe('createRateLimiter', () => {
  it('backs off exponentially per key from 1 s, capped', () => {
    const limiter = createRateLimiter({ maxDelayMs: 10_000, clock: fakeClock() });
    const delays = Array.from({ length: 6 }, () => limiter.when('a'));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(limiter.numRequeues('a')).toBe(6);
  });

  it('defaults to a 5 minute cap', () => {
    const limiter = createRateLimiter({ clock: fakeClock() });
    let last = 0;
    for (let i = 0; i < 20; i++) last = limiter.when('a');
    expect(last).toBe(300_000);
  });

  it('keeps keys independent and resets a key on forget', () => {
    const limiter = createRateLimiter({ clock: fakeClock() });
    limiter.when('a');
    limiter.when('a');
    expect(limiter.when('b')).toBe(1_000);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(1_000);
  });

  it('delays by the global bucket once the burst is spent, and refills over time', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ baseDelayMs: 1, qps: 10, burst: 2, clock });
    expect(limiter.when('k1')).toBe(1);
    expect(limiter.when('k2')).toBe(1);
    // Burst exhausted: the third reservation waits one token (100 ms at 10 qps), the fourth two.
    expect(limiter.when('k3')).toBe(100);
    expect(limiter.when('k4')).toBe(200);
    clock.advance(1_000);
    expect(limiter.when('k5')).toBe(1);
  });

  it('handles huge failure counts without overflowing', () => {
    const limiter = createRateLimiter({ clock: fakeClock() });
    let last = 0;
    for (let i = 0; i < 2_000; i++) last = limiter.when('a');
    expect(last).toBeGreaterThan(0);
    expect(Number.isFinite(last)).toBe(true);
  });
});
