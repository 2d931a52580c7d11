import { describe, expect, it } from 'vitest';
import { decideLease, formatMicroTime, observeLease, readLeaseState, type LeaseState } from './lease-decision.js';

const T0 = 1_000_000;
const other = (renewTime: string): LeaseState => ({ holder: 'other', renewTime, leaseDurationSeconds: 15, transitions: 0 });

describe('decideLease', () => {
  it.each([
    ['no lease', undefined, 'acquire'],
    ['a released lease', { holder: '', leaseDurationSeconds: 15, transitions: 1 }, 'acquire'],
    ['our own lease', { holder: 'me', renewTime: '2026-01-01T00:00:29Z', leaseDurationSeconds: 15, transitions: 0 }, 'renew'],
  ] as const)('%s -> %s', (_name, lease, expected) => {
    expect(decideLease(lease, 'me', observeLease(undefined, lease, T0), T0)).toBe(expected);
  });

  it('waits a whole lease duration of LOCAL time after the record last changed, whatever its renewTime says', () => {
    // The holder's clock is an hour behind ours: its renewTime looks long expired, yet it renews.
    const stale = other('2000-01-01T00:00:00Z');
    let seen = observeLease(undefined, stale, T0);
    expect(decideLease(stale, 'me', seen, T0 + 14_000)).toBe('wait');
    const renewed = other('2000-01-01T00:00:10Z');
    seen = observeLease(seen, renewed, T0 + 14_000);
    expect(decideLease(renewed, 'me', seen, T0 + 28_000)).toBe('wait');
    // No change for more than 15 s of our time: expired.
    seen = observeLease(seen, renewed, T0 + 29_001);
    expect(decideLease(renewed, 'me', seen, T0 + 29_001)).toBe('acquire');
  });

  it('takes a lease whose holder is gone even when its renewTime lies in our future', () => {
    const future = other('2099-01-01T00:00:00Z');
    const seen = observeLease(undefined, future, T0);
    expect(decideLease(future, 'me', observeLease(seen, future, T0 + 15_001), T0 + 15_001)).toBe('acquire');
  });

  it('reads a Lease object with defaults', () => {
    expect(readLeaseState({ spec: { holderIdentity: 'a', leaseTransitions: 2 } })).toEqual({ holder: 'a', leaseDurationSeconds: 15, transitions: 2 });
  });

  it('formats MicroTime with six fractional digits', () => {
    expect(formatMicroTime(new Date('2026-01-01T00:00:00.123Z'))).toBe('2026-01-01T00:00:00.123000Z');
  });
});
