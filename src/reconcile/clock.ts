/**
 * Time as an injected dependency (architecture rule 10): the queue, backoff and status logic read
 * the clock and schedule timers only through these, so tests drive them with fakes or vitest's fake timers.
 */
export interface Clock {
  now(): Date;
}

/** Opaque handle returned by `Timers.setTimeout`. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = { now: () => new Date() };

// Looked up on every call (not captured at import), so vi.useFakeTimers() installed later still applies.
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
