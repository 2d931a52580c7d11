import Handlebars from 'handlebars';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import { renderChart } from './render-chart.js';
import { createTemplateEngine } from './template-compiler.js';
import type { CompiledChart } from './types.js';

const engine = createTemplateEngine();
const render = (source: string, context: object = {}) => engine.compile(source)(context);

function chartOf(templates: Record<string, string>, name = 'torture'): CompiledChart {
  return {
    name,
    values: {},
    templates: Object.entries(templates).map(([file, source]) => ({ name: file, render: engine.compile(source) })),
  };
}

describe('template engine helpers', () => {
  it.each([
    // json: scalars become JSON literals (a missing key fails: see the strict-mode test)
    { src: '{{json v}}', ctx: { v: 'a: b' }, want: '"a: b"' },
    { src: '{{json v}}', ctx: { v: 0 }, want: '0' },
    { src: '{{json v}}', ctx: { v: false }, want: 'false' },
    { src: '{{json v}}', ctx: { v: null }, want: 'null' },
    { src: '{{json v}}', ctx: { v: { a: [1, 'x'] } }, want: '{"a":[1,"x"]}' },
    // eq / ne are strict
    { src: '{{#if (eq a b)}}y{{else}}n{{/if}}', ctx: { a: 'x', b: 'x' }, want: 'y' },
    { src: '{{#if (eq a b)}}y{{else}}n{{/if}}', ctx: { a: 1, b: '1' }, want: 'n' },
    { src: '{{#if (ne a b)}}y{{else}}n{{/if}}', ctx: { a: 1, b: '1' }, want: 'y' },
    // not / empty: null, '', false, [] and {} are empty; 0 is not
    ...([null, '', false, [], {}] as const).map((v) => ({ src: '{{json (not v)}}|{{json (empty v)}}', ctx: { v }, want: 'true|true' })),
    ...([0, 'x', [0], { a: null }, true] as const).map((v) => ({ src: '{{json (not v)}}|{{json (empty v)}}', ctx: { v }, want: 'false|false' })),
    { src: '{{json (empty missing)}}', ctx: {}, want: 'true' },
    // and / or are variadic; or returns the first non-empty value
    { src: '{{json (and a b c)}}', ctx: { a: 1, b: 'x', c: [1] }, want: 'true' },
    { src: '{{json (and a b c)}}', ctx: { a: 1, b: {}, c: [1] }, want: 'false' },
    { src: '{{json (or a b c)}}', ctx: { a: '', b: null, c: 'third' }, want: '"third"' },
    { src: '{{json (or a b)}}', ctx: { a: '', b: [] }, want: 'false' },
    // gt compares as integers, text parsed, anything else 0 (sprig's int)
    { src: '{{json (gt a 1)}}', ctx: { a: 2 }, want: 'true' },
    { src: '{{json (gt a 1)}}', ctx: { a: '3' }, want: 'true' },
    { src: '{{json (gt a 1)}}', ctx: { a: 1 }, want: 'false' },
    { src: '{{json (gt a 1)}}', ctx: { a: null }, want: 'false' },
    // resources: limits and requests only, empty entries and sections dropped, numeric text as numbers
    { src: '{{json (resources r)}}', ctx: { r: { limits: { cpu: '2', memory: '' }, requests: { cpu: '500m', memory: null }, claims: [{ name: 'x' }] } }, want: '{"limits":{"cpu":2},"requests":{"cpu":"500m"}}' },
    { src: '{{json (resources r)}}', ctx: { r: { limits: { cpu: '' } } }, want: 'null' },
    { src: '{{json (resources r)}}', ctx: { r: { requests: { cpu: '0.5' } } }, want: '{"requests":{"cpu":0.5}}' },
    // ipv6: colon-separated hex groups
    { src: '{{json (ipv6 a)}}', ctx: { a: 'fd00::1' }, want: 'true' },
    { src: '{{json (ipv6 a)}}', ctx: { a: '10.0.0.1' }, want: 'false' },
    // default
    { src: '{{json (default v "fb")}}', ctx: { v: '' }, want: '"fb"' },
    { src: '{{json (default v "fb")}}', ctx: { v: {} }, want: '"fb"' },
    { src: '{{json (default v "fb")}}', ctx: { v: 0 }, want: '0' },
    { src: '{{json (default v "fb")}}', ctx: {}, want: '"fb"' },
    // concat skips null/undefined, keeps '' and stringifies numbers
    { src: '{{json (concat a "-" b c n)}}', ctx: { a: 'x', b: null, c: '', n: 1.5 }, want: '"x-1.5"' },
    // merge: shallow, later wins, non-objects ignored
    { src: '{{json (merge a b c)}}', ctx: { a: { k: 1, j: { x: 1 } }, b: 'str', c: { k: 2, j: { y: 2 } } }, want: '{"k":2,"j":{"y":2}}' },
    // get reads dashed keys and tolerates absence and non-objects
    { src: '{{json (get m "istio-ingressgateway")}}', ctx: { m: { 'istio-ingressgateway': 'gw' } }, want: '"gw"' },
    { src: '{{json (get m "nope")}}|{{json (get s "length")}}', ctx: { m: {}, s: 'abc' }, want: 'null|null' },
    // list / dict build values inline
    { src: '{{json (list 1 "a" b)}}', ctx: { b: true }, want: '[1,"a",true]' },
    { src: '{{json (dict "k" 1 "dash-key" v "odd")}}', ctx: { v: 'x' }, want: '{"k":1,"dash-key":"x"}' },
    // includes
    { src: '{{json (includes l "b")}}|{{json (includes l "z")}}|{{json (includes s "a")}}', ctx: { l: ['a', 'b'], s: 'abc' }, want: 'true|false|false' },
    // toString
    { src: '{{json (toString n)}}|{{json (toString nul)}}|{{json (toString b)}}', ctx: { n: 8080, nul: null, b: false }, want: '"8080"|""|"false"' },
    // join, contains, ipv4, when
    { src: '{{json (join l ",")}}|{{json (join missing ",")}}', ctx: { l: ['a', 1, null] }, want: '"a,1,"|""' },
    { src: '{{json (contains a "/")}}|{{json (contains b "/")}}|{{json (contains n "/")}}', ctx: { a: 'x/y', b: 'xy', n: 1 }, want: 'true|false|false' },
    { src: '{{json (ipv4 a)}}|{{json (ipv4 b)}}', ctx: { a: '10.0.0.12', b: 'istiod.example.com' }, want: 'true|false' },
    { src: '{{json (when a v)}}|{{json (when b v)}}', ctx: { a: 'x', b: '', v: { k: 1 } }, want: '{"k":1}|null' },
    { src: '{{json (choose a "y" "n")}}|{{json (choose b "y" "n")}}', ctx: { a: 'x', b: '' }, want: '"y"|"n"' },
    // yamlText: Helm's toYaml layout (sorted keys, unindented list items, no trailing newline)
    { src: '{{json (yamlText v)}}', ctx: { v: [{ b: [1], a: 'x' }] }, want: JSON.stringify('- a: x\n  b:\n  - 1') },
    // raw keeps Go-template text verbatim
    { src: '{{{{raw}}}}{{ .Values.x | quote }}{{{{/raw}}}}', ctx: {}, want: '{{ .Values.x | quote }}' },
    // noEscape: nothing is HTML-escaped
    { src: '{{v}}', ctx: { v: `<a href="x">&'</a>` }, want: `<a href="x">&'</a>` },
  ])('$src with $ctx', ({ src, ctx, want }) => {
    expect(render(src, ctx)).toBe(want);
  });

  it('yaml dumps blocks and indents every line after the first', () => {
    expect(render('{{yaml v indent=4}}', { v: { a: 1, b: ['x', 'z'] } })).toBe('a: 1\n    b:\n      - x\n      - z');
    expect(render('{{yaml v}}', { v: ['x'] })).toBe('- x');
    expect(render('{{yaml v indent=2}}', { v: null })).toBe('null');
    expect(render('{{yaml missing indent=2}}', {})).toBe('null');
    expect(render('{{yaml v indent=2}}', { v: {} })).toBe('{}');
    // key order is kept, no anchors are emitted for shared references
    const shared = { s: 1 };
    expect(render('{{yaml v}}', { v: { z: shared, a: shared } })).toBe('z:\n  s: 1\na:\n  s: 1');
  });

  it('is strict: a printed missing key throws, helper arguments and #if tolerate it', () => {
    expect(() => render('{{Values.absent}}', { Values: {} })).toThrow(/"absent" not defined/);
    expect(() => render('{{#each l}}{{name}}{{/each}}', { l: [{}] })).toThrow(/"name" not defined/);
    expect(render('{{#if Values.absent}}y{{else}}n{{/if}}', { Values: {} })).toBe('n');
    // json checks its argument itself, since strict mode does not: a typo cannot print `null`.
    expect(() => render('{{json Values.absnet}}', { Values: {} })).toThrow(/undefined/);
    expect(render('{{json (get Values "absent")}}', { Values: {} })).toBe('null');
  });

  it('uses an isolated Handlebars instance', () => {
    expect(Handlebars.helpers.json).toBeUndefined();
    expect(Handlebars.helpers.yaml).toBeUndefined();
  });
});

/** Strings that YAML would reinterpret, truncate or reject if printed raw (NUL excluded: not valid in YAML). */
const NASTY: Record<string, JsonValue> = {
  colon: 'key: value',
  colonEnd: 'trailing:',
  hash: 'a # comment',
  hashFirst: '# not a comment',
  dquote: 'say "hi"',
  squote: "it's",
  quotesOnly: `"'`,
  newline: 'line1\nline2',
  trailingNewlines: 'x\n\n',
  leadingNewline: '\nx',
  crlf: 'a\r\nb',
  blockLike: 'a\n\n  indented\n',
  yes: 'yes',
  no: 'no',
  on: 'on',
  off: 'off',
  upperTrue: 'TRUE',
  y: 'y',
  nullWord: 'null',
  tilde: '~',
  octal: '0777',
  octal12: '0o17',
  hex: '0x1F',
  exp: '1e3',
  float: '1.0',
  inf: '.inf',
  nan: '.NaN',
  sexagesimal: '12:30',
  date: '2024-01-01',
  star: '*',
  alias: '*anchor',
  anchor: '&anchor',
  tag: '!tag',
  tagStr: '!!str x',
  directive: '%YAML 1.2',
  at: '@x',
  backtick: '`x`',
  flowMap: '{}',
  flowSeq: '[]',
  flowBits: '{a: [b, c]}',
  dash: '- item',
  dashOnly: '-',
  question: '? x',
  pipe: '|',
  gt: '>',
  docStart: '---',
  docEnd: '...',
  comma: 'a, b',
  padded: '  padded  ',
  leadingSpaceLines: ' lead\n trail ',
  tabs: '\tx\ty\t',
  backslash: 'C:\\path\\n',
  emoji: '🚀 ok 👩‍👩‍👧',
  rtl: 'שלום עולם مرحبا',
  combining: 'e\u0301',
  bom: '\ufeffbom',
  controls: '\u0001\u0007\u001b[0m\u007f\u0085\u009f',
  separators: 'a\u2028b\u2029c',
  html: '<b>&amp;</b>',
  handlebars: '{{not.a.template}}',
  goTemplate: '{{ .Values.x }}',
  empty: '',
  nullValue: null,
  int: 42,
  negative: -0.5,
  bool: true,
  big: 12345678901234,
  list: ['yes', '', null, '0777', { 'a: b': '#' }],
  map: { 'key: with colon': 'v', '#hash': '*', yes: 'no', '': 'empty key', ' spaced ': '\t' },
};

const stringsOnly = Object.fromEntries(Object.entries(NASTY).filter((e): e is [string, string] => typeof e[1] === 'string'));
/** NASTY without bare strings whose first line starts with a space (see the known-bug test below). */
const BLOCK_SAFE: JsonObject = { ...NASTY, padded: 'padded  ', leadingSpaceLines: 'lead\n trail ' };

const TORTURE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: torture
  labels:
    plain: {{json Values.strings.yes}}
  annotations:
    {{yaml Values.strings indent=4}}
scalars:
{{#each Values.nasty}}
  {{json @key}}: {{json this}}
{{/each}}
sequence:
{{#each Values.nasty}}
  - {{json this}}
{{/each}}
flow: {{json Values.nasty}}
block2:
  {{yaml Values.nasty indent=2}}
deep:
  one:
    two:
      {{yaml Values.nasty indent=6}}
itemMap:
  - {{yaml Values.nasty indent=4}}
itemList:
  - {{yaml Values.list indent=4}}
perKey:
{{#each Values.blockSafe}}
  {{json @key}}:
    {{yaml this indent=4}}
{{/each}}
perItem:
{{#each Values.blockSafe}}
  - {{yaml this indent=4}}
{{/each}}
---
{{yaml Values.wholeDocument indent=0}}
`;

describe('escaping torture test', () => {
  const Values: JsonObject = {
    nasty: NASTY,
    strings: stringsOnly,
    list: Object.values(NASTY),
    blockSafe: BLOCK_SAFE,
    wholeDocument: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'whole', annotations: stringsOnly }, data: NASTY },
  };
  const result = renderChart(chartOf({ 'torture.yaml.hbs': TORTURE }), { Values, Release: { Name: 'istio', Namespace: 'ns' } });
  const [doc, whole] = result.ok ? result.value : [];

  it('renders valid, shape-checked YAML', () => {
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.value).toHaveLength(2);
  });

  it('round-trips scalars printed with json, as map values and sequence items', () => {
    expect(doc?.scalars).toEqual(NASTY);
    expect(doc?.sequence).toEqual(Object.values(NASTY));
    expect(doc?.flow).toEqual(NASTY);
    expect(doc?.metadata.labels).toEqual({ plain: 'yes' });
  });

  it('round-trips blocks printed with yaml at several indents', () => {
    expect(doc?.metadata.annotations).toEqual(stringsOnly);
    expect(doc?.block2).toEqual(NASTY);
    expect(doc?.deep).toEqual({ one: { two: NASTY } });
    expect(doc?.itemMap).toEqual([NASTY]);
    expect(doc?.itemList).toEqual([Object.values(NASTY)]);
    expect(doc?.perKey).toEqual(BLOCK_SAFE);
    expect(doc?.perItem).toEqual(Object.values(BLOCK_SAFE));
  });

  it('round-trips a whole document printed with yaml at indent 0', () => {
    expect(whole).toEqual(Values.wholeDocument);
  });

  it('renders the same bytes twice', () => {
    const chart = chartOf({ 'torture.yaml.hbs': TORTURE });
    expect(chart.templates[0]?.render({ Values })).toBe(chart.templates[0]?.render({ Values }));
  });

  /**
   * Known bug in the `yaml` helper: a bare string whose first line starts with a space is dumped as a block
   * scalar with an indentation indicator (`|2-`); re-indenting it by N adds N spaces to the value. Strings
   * nested in maps or lists are fine. Fix: print non-object values of `yaml` as JSON. Flip to `it` then.
   */
  it('round-trips a bare string with leading spaces printed with yaml on its own line', () => {
    for (const v of [' lead\n trail ', ' \n']) {
      const out = render('k:\n  {{yaml v indent=2}}\nl:\n  - {{yaml v indent=4}}\n', { v });
      expect(yaml.load(out)).toEqual({ k: v, l: [v] });
    }
  });
});

describe('render errors name the template', () => {
  it('fails the render when a printed key is missing', () => {
    const chart = chartOf({ 'a-ok.yaml.hbs': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n', 'b-typo.yaml.hbs': 'x: {{Values.tpyo}}\n' }, 'demo');
    const result = renderChart(chart, { Values: {}, Release: { Name: 'istio', Namespace: 'ns' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe('charts/demo/templates/b-typo.yaml.hbs');
    expect(result.errors[0]?.reason).toMatch(/template failed: .*"tpyo" not defined/);
  });

  it('fails the render when a raw-printed value breaks the YAML', () => {
    const chart = chartOf({ 'raw.yaml.hbs': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{Values.name}}\n' }, 'demo');
    const result = renderChart(chart, { Values: { name: 'a: b' }, Release: { Name: 'istio', Namespace: 'ns' } });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'charts/demo/templates/raw.yaml.hbs' }] });
    if (!result.ok) expect(result.errors[0]?.reason).toMatch(/^rendered invalid YAML/);
  });
});
