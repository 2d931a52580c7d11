import { describe, expect, it } from 'vitest';
import { assessInPlaceUpgrade } from './upgrade-policy.js';

describe('assessInPlaceUpgrade', () => {
  it.each([
    ['1.27.9', '1.27.9'],
    ['1.27.1', '1.27.9'],
    ['1.26.3', '1.27.9'],
    ['1.27.9', '1.26.8'],
    ['1.27.9-distroless', '1.28.10'],
    [undefined, '1.27.9'],
    ['my-build', '1.27.9'],
  ])('allows %s -> %s', (from, to) => {
    expect(assessInPlaceUpgrade(from, to)).toEqual({ allowed: true });
  });

  it('refuses a jump of several minors, naming the hops', () => {
    expect(assessInPlaceUpgrade('1.23.6', '1.27.9')).toEqual({
      allowed: false,
      message: 'an in-place upgrade from Istio 1.23.6 to 1.27.9 crosses 4 minor releases; upstream supports 1 at a time: go through 1.23 -> 1.24 -> 1.25 -> 1.26 -> 1.27',
    });
  });

  it('refuses a rollback of two minors', () => {
    expect(assessInPlaceUpgrade('1.29.6', '1.27.9')).toMatchObject({ allowed: false, message: expect.stringContaining('in-place downgrade') });
  });
});
