import { systemClock, type Clock } from '../reconcile/clock.js';

/** Decides how long a failing key waits before its next attempt (client-go `RateLimiter`). */
export interface RateLimiter {
  /** Records a failure of `key` and returns the delay before retrying it, in ms. */
  when(key: string): number;
  /** Clears the failure history of `key` (after a success or a give-up). */
  forget(key: string): void;
  /** Failures recorded for `key` since the last `forget`. */
  numRequeues(key: string): number;
}

export interface RateLimiterOptions {
  baseDelayMs?: number;
  factor?: number;
  maxDelayMs?: number;
  /** Global token bucket shared by every key: sustained retries per second, and burst size. */
  qps?: number;
  burst?: number;
  clock?: Clock;
}

export const DEFAULT_RATE_LIMITER_OPTIONS = {
  baseDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 5 * 60_000,
  qps: 10,
  burst: 100,
} as const;

/**
 * Per-key exponential backoff combined with a global token bucket; the delay is the larger of the
 * two, so one hot key backs off on its own while a burst of failing keys cannot flood the API server.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const { baseDelayMs, factor, maxDelayMs, qps, burst } = { ...DEFAULT_RATE_LIMITER_OPTIONS, ...stripUndefined(options) };
  const clock = options.clock ?? systemClock;
  const failures = new Map<string, number>();
  const bucket = createTokenBucket(qps, burst, clock);

  const backoff = (key: string): number => {
    const n = failures.get(key) ?? 0;
    failures.set(key, n + 1);
    // Exponent capped so huge failure counts never overflow to Infinity/NaN.
    const delay = baseDelayMs * Math.pow(factor, Math.min(n, 64));
    return Math.min(delay, maxDelayMs);
  };

  return {
    when: (key) => Math.max(backoff(key), bucket.reserve()),
    forget: (key) => {
      failures.delete(key);
    },
    numRequeues: (key) => failures.get(key) ?? 0,
  };
}

/** A reservation-style token bucket (like golang.org/x/time/rate `Reserve().Delay()`). */
function createTokenBucket(qps: number, burst: number, clock: Clock): { reserve(): number } {
  let tokens = burst;
  let last = clock.now().getTime();
  return {
    reserve() {
      const now = clock.now().getTime();
      tokens = Math.min(burst, tokens + ((now - last) / 1_000) * qps);
      last = now;
      // Tokens may go negative: each reservation queues behind the ones already handed out.
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / qps) * 1_000);
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
