import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../api/json.js';
import { emitYaml, type YamlEmitOptions } from './yaml-emit.js';

/** What the emitter must equal: js-yaml's dump with the options the pipeline always used. */
const jsYaml = (value: JsonValue, options: YamlEmitOptions = {}): string => yaml.dump(value, { lineWidth: -1, noRefs: true, ...options });

const OPTION_SETS: YamlEmitOptions[] = [{}, { sortKeys: true }, { noArrayIndent: true }, { sortKeys: true, noArrayIndent: true }];

/** Pieces strings are made of: YAML indicators, type look-alikes, line breaks, unprintable and astral characters. */
const ATOMS = [
  'a', ' ', ':', '#', '-', '?', "'", '"', '\n', '\t', '\r', '0', '1', '.', 'e', 'x', 'b', 'o', '_', '+', 'ü', '\u00a0', '\u0085',
  '\u2028', '\u{1F600}', '\ud800', '\udc00', '\ufeff', '\x7f', '\x00', '\x1b', '\\', '[', '{', '}', ',', '&', '*', '!', '|', '>',
  '%', '@', '`', '=', '~', 'null', 'True', 'yes', 'on', 'OFF', '2024-01-02', '2024-1-2 3:04:05.6 +1', '1:30', '<<', 'T', 'Z', '0x',
  '0o7', '0b1', '.inf', '-.Inf', '.NaN', 'E', '1e3', '1_000', ' #', ': ', 'a #b', 'a#b', 'a: b', 'a:b', 'a:', 'a ', '-a', '--set',
];

/** A small deterministic generator (the test must not change between runs). */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
}

function randomTree(next: () => number, depth = 0): JsonValue {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const text = (): string => Array.from({ length: Math.floor(next() * 7) }, () => pick(ATOMS)).join('');
  const r = next();
  if (depth > 4 || r < 0.35) return text();
  if (r < 0.45) return pick([0, -0, 1, -7, 1.5, 1e21, 5e-7, -5e-7, 1.5e-7, NaN, Infinity, -Infinity, 0.1, 2 ** 53]);
  if (r < 0.5) return pick([null, true, false]);
  const size = Math.floor(next() * 5);
  if (r < 0.75) return Object.fromEntries(Array.from({ length: size }, () => [text(), randomTree(next, depth + 1)]));
  return Array.from({ length: size }, () => randomTree(next, depth + 1));
}

describe('emitYaml', () => {
  it('writes block style with literal blocks and quotes what would read back as another type', () => {
    const value = { b: [{ x: 1, y: [true, null] }, []], a: { multi: 'one\ntwo\n', lead: '  x', yes: 'yes', num: '0777', e: {} } };
    expect(emitYaml(value)).toBe(
      [
        'b:',
        '  - x: 1',
        "    'y':",
        '      - true',
        '      - null',
        '  - []',
        'a:',
        '  multi: |',
        '    one',
        '    two',
        "  lead: '  x'",
        "  'yes': 'yes'",
        "  num: '0777'",
        '  e: {}',
        '',
      ].join('\n'),
    );
    expect(emitYaml({ k: [1] }, { noArrayIndent: true, sortKeys: true })).toBe('k:\n- 1\n');
    expect(emitYaml({ t: 'tab\there', nl: '\n  lead\n\n' })).toBe('t: "tab\\there"\nnl: |2+\n\n    lead\n\n');
  });

  it('orders keys with reorderKeys after sorting, knowing the depth and the parent key', () => {
    const order = (keys: string[], depth: number, parent: string | undefined): string[] => (depth === 1 && parent === 'm' ? [...keys].reverse() : keys);
    expect(emitYaml({ z: 1, m: { a: 1, b: 2 } }, { sortKeys: true, reorderKeys: order })).toBe('m:\n  b: 2\n  a: 1\nz: 1\n');
  });

  it('skips undefined fields and writes undefined list items as null, as js-yaml does', () => {
    const value = { a: undefined, b: [undefined, 1] } as unknown as JsonValue;
    expect(emitYaml(value)).toBe(jsYaml(value));
    expect(emitYaml({ only: undefined } as unknown as JsonValue)).toBe('{}\n');
  });

  it.each(ATOMS.map((a) => [JSON.stringify(a), a] as const))('matches js-yaml for %s as key, value, list item and in lines', (_, atom) => {
    const values: JsonValue[] = [atom, { [atom]: atom }, [atom, { [atom]: [atom] }], { k: `${atom}\n${atom}`, l: `\n${atom}`, m: ` ${atom}\n\n`, n: [`${atom}\n`] }];
    for (const value of values) for (const options of OPTION_SETS) expect(emitYaml(value, options)).toBe(jsYaml(value, options));
  });

  it('matches js-yaml on keys over 1024 characters (explicit `? key` entries)', () => {
    const long = 'k'.repeat(1100);
    const value = { [long]: { a: 1, b: [1, 2] }, [`${long}:`]: [{ c: 'd' }], short: 'x' };
    for (const options of OPTION_SETS) expect(emitYaml(value, options)).toBe(jsYaml(value, options));
  });

  it('matches js-yaml on 3000 random documents', () => {
    const next = random(20261122);
    for (let i = 0; i < 3000; i++) {
      const value = randomTree(next);
      const options = OPTION_SETS[i % OPTION_SETS.length] as YamlEmitOptions;
      expect(emitYaml(value, options), JSON.stringify(value)).toBe(jsYaml(value, options));
    }
  });
});
