import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { mergeLayers } from './merge-layers.js';

describe('mergeLayers', () => {
  it.each<[string, JsonObject[], JsonObject]>([
    ['no layers', [], {}],
    ['one layer is copied', [{ a: { b: 1 } }], { a: { b: 1 } }],
    ['maps merge deeply', [{ a: { b: 1, c: { d: 1 } } }, { a: { c: { e: 2 } } }], { a: { b: 1, c: { d: 1, e: 2 } } }],
    ['scalars replace', [{ a: 1, b: 'x' }, { a: 2 }], { a: 2, b: 'x' }],
    ['lists replace, never concatenate', [{ l: [1, 2, 3] }, { l: [4] }], { l: [4] }],
    [
      'a gateway list from a later layer replaces the earlier one',
      [{ gw: [{ name: 'a', enabled: true }] }, { gw: [{ enabled: false }] }],
      { gw: [{ enabled: false }] },
    ],
    ['null in a later layer sets null', [{ a: { b: 1 } }, { a: null }], { a: null }],
    ['a map replaces null', [{ a: null }, { a: { b: 1 } }], { a: { b: 1 } }],
    ['a scalar replaces a map', [{ a: { b: 1 } }, { a: 'x' }], { a: 'x' }],
    ['a map replaces a scalar', [{ a: 'x' }, { a: { b: 1 } }], { a: { b: 1 } }],
    ['three layers, last wins', [{ a: 1 }, { a: 2 }, { a: 3, b: 1 }], { a: 3, b: 1 }],
  ])('%s', (_name, layers, expected) => {
    expect(mergeLayers(...layers)).toEqual(expected);
  });

  it('never mutates its inputs and shares no objects with them', () => {
    const low: JsonObject = { a: { b: 1 }, l: [{ x: 1 }] };
    const high: JsonObject = { a: { c: 2 }, m: { n: [1] } };
    const snapshot = structuredClone([low, high]);
    const out = mergeLayers(low, high);
    (out.a as JsonObject).b = 99;
    ((out.l as JsonObject[])[0] as JsonObject).x = 99;
    ((out.m as JsonObject).n as number[]).push(2);
    expect([low, high]).toEqual(snapshot);
  });

  it('keeps a __proto__ key as data', () => {
    const layer = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject;
    const out = mergeLayers({}, layer);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
