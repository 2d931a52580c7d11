import { describe, expect, it } from 'vitest';
import { decideLease, formatMicroTime, readLeaseState } from './lease-decision.js';

const now = new Date('2026-01-01T00:00:30Z');

describe('decideLease', () => {
  it.each([
    ['no lease', undefined, 'acquire'],
    ['a released lease', { holder: '', leaseDurationSeconds: 15, transitions: 1 }, 'acquire'],
    ['our own lease', { holder: 'me', renewTime: '2026-01-01T00:00:29Z', leaseDurationSeconds: 15, transitions: 0 }, 'renew'],
    ['a fresh lease of another', { holder: 'other', renewTime: '2026-01-01T00:00:20Z', leaseDurationSeconds: 15, transitions: 0 }, 'wait'],
    ['an expired lease of another', { holder: 'other', renewTime: '2026-01-01T00:00:10Z', leaseDurationSeconds: 15, transitions: 0 }, 'acquire'],
  ] as const)('%s -> %s', (_name, lease, expected) => {
    expect(decideLease(lease, 'me', now)).toBe(expected);
  });

  it('reads a Lease object with defaults', () => {
    expect(readLeaseState({ spec: { holderIdentity: 'a', leaseTransitions: 2 } })).toEqual({ holder: 'a', leaseDurationSeconds: 15, transitions: 2 });
  });

  it('formats MicroTime with six fractional digits', () => {
    expect(formatMicroTime(new Date('2026-01-01T00:00:00.123Z'))).toBe('2026-01-01T00:00:00.123000Z');
  });
});
