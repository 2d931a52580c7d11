import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock, systemTimers } from './clock.js';

describe('system clock and timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows vitest fake timers installed after import', () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    const fired: number[] = [];
    systemTimers.setTimeout(() => fired.push(systemClock.now().getTime()), 1_000);
    const cancelled = systemTimers.setTimeout(() => fired.push(-1), 500);
    systemTimers.clearTimeout(cancelled);
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([Date.parse('2025-01-01T00:00:01Z')]);
  });
});
