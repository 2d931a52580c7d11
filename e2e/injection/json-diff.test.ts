import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/api/json.js';
import { diffJson } from './json-diff.js';

describe('diffJson', () => {
  it('finds nothing in equal documents, whatever their key order', () => {
    expect(diffJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });
  it('names each differing or missing leaf', () => {
    expect(diffJson({ a: 1, b: { c: 2 } }, { a: 2, b: {}, d: null })).toEqual([
      { path: '.a', ours: 1, upstream: 2 },
      { path: '.b.c', ours: 2, upstream: undefined },
      { path: '.d', ours: undefined, upstream: null },
    ]);
  });
  it('compares named lists by name, and their order', () => {
    const ours = [{ name: 'x', v: 1 }, { name: 'y', v: 2 }];
    const upstream: JsonValue[] = [{ name: 'y', v: 2 }, { name: 'x', v: 3 }, { name: 'z' }];
    expect(diffJson(ours, upstream, 'env')).toEqual([
      { path: 'env.x.v', ours: 1, upstream: 3 },
      { path: 'env.z', ours: undefined, upstream: { name: 'z' } },
      { path: 'env(order)', ours: ['x', 'y'], upstream: ['y', 'x', 'z'] },
    ]);
  });
  it('reports lists of different length as one difference', () => {
    expect(diffJson([1, 2], [1], 'args')).toEqual([{ path: 'args', ours: [1, 2], upstream: [1] }]);
  });
});
