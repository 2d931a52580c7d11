import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkInputTree, type TreeLimits } from './check-input-tree.js';
import { YAML_ALIAS_BOMB } from './fixtures/hostile-inputs.js';

const limits: TreeLimits = { maxDepth: 8, maxNodes: 1000, maxStringLength: 16 };

describe('checkInputTree', () => {
  it('accepts ordinary input', () => {
    expect(checkInputTree({ a: [1, 'x', { b: null }], c: true }, 'spec', limits)).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s, naming the field', (key) => {
    const value: unknown = JSON.parse(`{"values":{"global":{"${key}":{"polluted":true}}}}`);
    expect(checkInputTree(value, 'spec', limits)).toEqual([
      { path: `spec.values.global.${key}`, reason: `"${key}" is not allowed as a key: it names JavaScript object internals` },
    ]);
  });

  it('refuses deep nesting, long strings and long keys', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(checkInputTree({ deep }, 'spec', limits)).toEqual([{ path: 'spec.deep[0][0][0][0][0][0][0]', reason: 'nested deeper than the limit of 8 levels' }]);
    expect(checkInputTree({ s: 'x'.repeat(17), ['k'.repeat(17)]: 1 }, 'spec', limits)).toEqual([
      { path: 'spec.s', reason: 'string of 17 characters is longer than the limit of 16' },
      { path: 'spec', reason: 'a key of 17 characters is longer than the limit of 16' },
    ]);
  });

  it(`refuses a ${YAML_ALIAS_BOMB.length}-byte YAML alias bomb after the node budget, not after expanding it`, () => {
    const bomb = yaml.load(YAML_ALIAS_BOMB);
    const started = performance.now();
    const errors = checkInputTree(bomb, 'value', { maxDepth: 64, maxNodes: 100_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(errors).toEqual([{ path: 'value.f[0][3][3][7][2][1]', reason: 'the input holds more than 100000 values (YAML aliases count once per use); refused' }]);
  });

  it('stops on a cyclic structure', () => {
    const cycle = yaml.load('a: &a [*a]');
    expect(checkInputTree(cycle, 'v', limits)[0]?.reason).toBe('nested deeper than the limit of 8 levels');
  });
});
