import { describe, expect, it } from 'vitest';
import { areQuantitiesEqual, parseQuantity } from './quantity.js';

describe('quantities', () => {
  it.each<[string, number | undefined]>([
    ['100m', 0.1],
    ['1', 1],
    ['1.5', 1.5],
    ['2Ki', 2048],
    ['1Gi', 2 ** 30],
    ['1e3', 1000],
    ['3k', 3000],
    ['abc', undefined],
    ['1Xi', undefined],
  ])('parses %s', (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  it.each<[string, string, boolean]>([
    ['1000m', '1', true],
    ['0.5', '500m', true],
    ['1024Mi', '1Gi', true],
    ['1G', '1Gi', false],
    ['x', 'x', false],
  ])('%s == %s is %s', (a, b, equal) => {
    expect(areQuantitiesEqual(a, b)).toBe(equal);
  });
});
