import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { emitYaml } from './yaml-emit.js';
import { parseYamlSubset } from './yaml-parse-subset.js';

/** What the subset reader must equal whenever it answers: js-yaml's documents, empty ones left out. */
function jsYamlDocuments(text: string): unknown[] | Error {
  try {
    return yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    return e as Error;
  }
}

/** Equal values with equal key order (JSON.stringify alone would miss -0 and undefined). */
function expectSameDocuments(text: string): 'read' | 'declined' {
  const got = parseYamlSubset(text);
  const want = jsYamlDocuments(text);
  if (got === undefined) return 'declined';
  if (want instanceof Error) throw new Error(`read text js-yaml refuses (${want.message.split('\n')[0]}): ${JSON.stringify(text)}`);
  expect(got, JSON.stringify(text)).toStrictEqual(want);
  expect(JSON.stringify(got), JSON.stringify(text)).toBe(JSON.stringify(want));
  return 'read';
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** Every template's output in every golden case, rendered from the chart sources. */
function goldenTemplateOutputs(): string[] {
  const assets = loadAssets();
  const outputs: string[] = [];
  for (const chart of assets.charts.values()) {
    for (const template of chart.templates) {
      const render = template.render;
      template.render = (context) => {
        const text = render(context);
        outputs.push(text);
        return text;
      };
    }
  }
  const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
  for (const name of readdirSync(testdata)) {
    const file = path.join(testdata, name, 'case.yaml');
    if (!existsSync(file)) continue;
    const input = yaml.load(readFileSync(file, 'utf8')) as { setFlags?: string[]; iop?: JsonObject };
    buildDesiredState({ documents: input.iop ? [input.iop] : [], setFlags: input.setFlags ?? [] }, assets);
  }
  return outputs;
}

const outputs = goldenTemplateOutputs();

describe('parseYamlSubset', () => {
  it('reads every template output of the golden cases itself, exactly as js-yaml does', () => {
    expect(outputs.length).toBeGreaterThan(100);
    const declined = outputs.filter((text) => expectSameDocuments(text) === 'declined');
    // A template that leaves the subset still renders (through js-yaml), but costs the CLI its start-up time.
    expect(declined.map((t) => t.slice(0, 200))).toEqual([]);
  });

  it.each([
    ['a: 1\nb: -2\nc: 1.50\nd: 1.27.9\ne: ~\nf: True\ng: "x: #y"\nh: \'it\'\'s\'\n', [{ a: 1, b: -2, c: 1.5, d: '1.27.9', e: null, f: true, g: 'x: #y', h: "it's" }]],
    ['a:\n- x\n- y: 1\n  z:\n    - [get, "list", 3]\nb: {}\n', [{ a: ['x', { y: 1, z: [['get', 'list', 3]] }], b: {} }]],
    ['# c\n---\nk: |\n  one\n\n   two\n\n---\nk: |+\n  x\n\n', [{ k: 'one\n\n two\n' }, { k: 'x\n\n' }]],
    ['k: |2-\n    lead\nl: >-\n  x\n', undefined], // folded: declined
    ['k: &a 1\n', undefined],
    ['k: 2024-01-02\n', undefined], // a timestamp is a Date in js-yaml
    ['k: 0x1F\n', undefined],
    ['a: 1\na: 2\n', undefined], // js-yaml refuses duplicate keys
    ['k: one\n  two\n', undefined], // a multi-line plain scalar
    ['k:\tv\n', undefined],
    ['k: "a\n  b"\n', undefined],
    ['1: a\n', undefined], // a key of another type
    ['k: ,x\n', undefined], // js-yaml refuses a plain scalar that starts with a flow indicator
    ['k:\n- }x\n', undefined],
    ['k: ]x\n', undefined],
  ])('%j', (text, expected) => {
    expect(parseYamlSubset(text)).toStrictEqual(expected);
    if (expected !== undefined) expect(expectSameDocuments(text)).toBe('read');
  });

  it('reads what yaml-emit writes, as js-yaml does', () => {
    const next = random(7);
    const atoms = ['a', ' ', ':', '#', '-', "'", '"', '\n', '\n\n', '0', '1', '.', 'e', '_', '+', 'ü', '\\', '[', '{', '}', ',', '&', '*', '|', '>', '~', 'null', 'true', '<<', ' #', ': ', '-a', '  '];
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const text = (): string => Array.from({ length: Math.floor(next() * 6) }, () => pick(atoms)).join('');
    const tree = (depth: number): JsonValue => {
      const r = next();
      if (depth > 3 || r < 0.35) return text();
      if (r < 0.45) return pick([0, 1, -7, 1.5, 1e21, 5e-7, 0.1, 2 ** 53]);
      if (r < 0.5) return pick([null, true, false]);
      const size = Math.floor(next() * 4);
      if (r < 0.75) return Object.fromEntries(Array.from({ length: size }, () => [text(), tree(depth + 1)]));
      return Array.from({ length: size }, () => tree(depth + 1));
    };
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = { kind: 'X', data: tree(0) };
      if (expectSameDocuments(emitYaml(doc, i % 2 ? { sortKeys: true } : { noArrayIndent: true })) === 'read') read++;
    }
    expect(read).toBeGreaterThan(1500);
  });

  it('never reads a broken template output differently from js-yaml (3000 mutations)', () => {
    const next = random(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const inserts = [' ', '  ', ':', ': ', '#', ' #', '-', '- ', '?', "'", '"', '\\', '[', ']', '{', '}', ',', '&', '*', '!', '|', '|-', '|+', '|2', '>', '%', '@', '`', '~', 'null', '1', '-1', '1.5', '0x1', '2024-01-01', '<<', '\n', '---', '...', 'key: ', '"a": ', '- a: ', '{}', '[]', '["x"]', '[a, b]', "''", '__proto__', '\t', '.inf', '07'];
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      const all = pick(outputs).split('\n');
      const start = Math.floor(next() * all.length);
      const window = all.slice(start, start + 1 + Math.floor(next() * 30));
      const margin = Math.min(...window.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
      const lines = window.map((l) => l.slice(Math.min(margin, l.length - l.trimStart().length)));
      for (let k = Math.floor(next() * 4); k >= 0; k--) {
        if (lines.length === 0) lines.push('');
        const i = Math.floor(next() * lines.length);
        const line = lines[i] as string;
        const at = Math.floor(next() * (line.length + 1));
        const op = next();
        if (op < 0.25) lines[i] = ' '.repeat(1 + Math.floor(next() * 2)) + line;
        else if (op < 0.35) lines[i] = line.replace(/^ /, '');
        else if (op < 0.75) lines[i] = line.slice(0, at) + pick(inserts) + line.slice(at);
        else if (op < 0.85) lines.splice(i, 1);
        else if (op < 0.9) lines.splice(i, 0, line);
        else lines[i] = line.slice(0, at) + line.slice(at + 1 + Math.floor(next() * 3));
      }
      if (expectSameDocuments(`${lines.join('\n')}\n`) === 'read') read++;
    }
    expect(read).toBeGreaterThan(300);
  });
});
