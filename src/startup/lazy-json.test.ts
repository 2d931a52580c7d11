import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import type { JsonObject } from '../api/json.js';
import { cloneJson, jsonEqual, sortKeysDeep } from '../pipeline/canonical-json.js';
import { lazyJsonObject } from './lazy-json.js';

function counted(content: JsonObject): { value: JsonObject; made: () => number } {
  let made = 0;
  return {
    value: lazyJsonObject(() => {
      made++;
      return JSON.parse(JSON.stringify(content)) as JsonObject;
    }),
    made: () => made,
  };
}

describe('lazyJsonObject', () => {
  const content = { group: 'networking.istio.io', versions: [{ name: 'v1', served: true }], names: { kind: 'Gateway' } };

  it('is not made while it is only passed around, stored, spread into a parent or used as a WeakMap key', () => {
    const { value, made } = counted(content);
    const parent = { kind: 'CustomResourceDefinition', spec: value };
    const copy = { ...parent, metadata: { name: 'x' } };
    const known = new WeakMap([[value, 'block']]);
    expect(copy.spec).toBe(value);
    expect(known.get(copy.spec)).toBe('block');
    expect(typeof value).toBe('object');
    expect(Array.isArray(value)).toBe(false);
    expect(made()).toBe(0);
  });

  it('reads, lists, compares, copies and serializes as the content it is made of, made once', () => {
    const { value, made } = counted(content);
    expect(Object.keys(value)).toEqual(['group', 'versions', 'names']);
    expect(value.group).toBe('networking.istio.io');
    expect('names' in value).toBe(true);
    expect(JSON.parse(JSON.stringify({ spec: value }))).toEqual({ spec: content });
    expect(value).toEqual(content);
    expect(jsonEqual(value, content)).toBe(true);
    expect(sortKeysDeep(value)).toEqual(sortKeysDeep(content));
    const clone = cloneJson({ spec: value });
    expect(clone).toEqual({ spec: content });
    expect(clone.spec).not.toBe(value);
    expect(inspect(value)).toContain('networking.istio.io');
    expect(made()).toBe(1);
  });

  it('refuses every change: it is shared by every object that holds it', () => {
    const { value } = counted(content);
    expect(() => ((value as Record<string, unknown>).group = 'other')).toThrow(/cannot be changed: copy it first/);
    expect(() => delete (value as Record<string, unknown>).group).toThrow(/cannot be changed/);
    expect(() => Object.defineProperty(value, 'x', { value: 1 })).toThrow(/cannot be changed/);
    expect(value.group).toBe('networking.istio.io');
  });
});
