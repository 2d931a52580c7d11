import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import { canonicalJson, jsonEqual, sortKeysDeep } from './canonical-json.js';
import { mergeListByKey, mergeMaps, replaceItem } from './strategic-merge.js';

describe('mergeMaps', () => {
  const cases: { name: string; base: JsonObject; patch: JsonObject; want: JsonObject }[] = [
    { name: 'patch scalar wins', base: { a: 1, b: 2 }, patch: { b: 3 }, want: { a: 1, b: 3 } },
    { name: 'maps merge deeply', base: { r: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2' } } }, patch: { r: { requests: { cpu: '500m' } } }, want: { r: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2' } } } },
    { name: 'lists replace', base: { l: [1, 2, 3] }, patch: { l: [9] }, want: { l: [9] } },
    { name: 'null removes the key', base: { a: 1, b: 2 }, patch: { a: null }, want: { b: 2 } },
    { name: 'map replaces scalar', base: { a: 'x' }, patch: { a: { y: 1 } }, want: { a: { y: 1 } } },
  ];
  it.each(cases)('$name', ({ base, patch, want }) => {
    const before = structuredClone(base);
    expect(mergeMaps(base, patch)).toEqual(want);
    expect(base).toEqual(before);
  });
});

describe('mergeListByKey', () => {
  const base: JsonValue[] = [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'x' } } }];
  it('puts the patch items first, merged with their base items, then the base items the patch does not name', () => {
    expect(mergeListByKey(base, [{ name: 'C', value: '3' }, { name: 'B', value: '2' }], 'name')).toEqual([
      { name: 'C', value: '3' },
      { name: 'B', valueFrom: { fieldRef: { fieldPath: 'x' } }, value: '2' },
      { name: 'A', value: '1' },
    ]);
  });
  it('can replace matching items outright', () => {
    expect(mergeListByKey(base, [{ name: 'B', value: '2' }], 'name', replaceItem)).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
  });
  it('keys by numbers too and does not duplicate keyless equal items', () => {
    expect(mergeListByKey([{ port: 80, name: 'http' }, 'x'], [{ port: 80, targetPort: 8080 }, 'x'], 'port')).toEqual([
      { port: 80, name: 'http', targetPort: 8080 },
      'x',
    ]);
  });
});

describe('canonical JSON', () => {
  it('ignores key order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(sortKeysDeep({ a: undefined as unknown as JsonValue, b: 1 })).toEqual({ b: 1 });
  });
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [[1, 2], [2, 1], false],
    [{ a: null }, {}, false],
    ['1', 1, false],
  ] as [JsonValue, JsonValue, boolean][])('jsonEqual(%j, %j) = %s', (a, b, want) => {
    expect(jsonEqual(a, b)).toBe(want);
  });
});
