import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import { applyPathPatch, formatSegment, parseOverlayPath } from './overlay-path.js';
import { PATHOLOGICAL_SELECTOR, pathologicalSubject } from './fixtures/hostile-inputs.js';

describe('parseOverlayPath', () => {
  it.each([
    ['spec.replicas', ['spec', 'replicas']],
    ['metadata.labels.app\\.kubernetes\\.io/name', ['metadata', 'labels', 'app\\.kubernetes\\.io/name']],
    ['spec.containers.[name:discovery].args.[30m]', ['spec', 'containers', '[name:discovery]', 'args', '[30m]']],
    ['spec.containers[0].ports.[-1]', ['spec', 'containers', '[0]', 'ports', '[-1]']],
    ['args.[:--x=[0-9]+m]', ['args', '[--x=[0-9]+m]']],
    ['list.[name:a.b]', ['list', '[name:a.b]']],
  ])('%s', (path, want) => {
    const parsed = parseOverlayPath(path);
    expect(parsed.ok && parsed.value.map(formatSegment)).toEqual(want);
  });

  it('keeps escaped dots inside a key', () => {
    const parsed = parseOverlayPath('a\\.b.c');
    expect(parsed.ok && parsed.value).toEqual([{ type: 'key', key: 'a.b' }, { type: 'key', key: 'c' }]);
  });

  it.each([
    ['', 'empty element'],
    ['a..b', 'empty element'],
    ['a.', 'empty element'],
    ['a.[0', 'unclosed'],
    ['a.[]', 'empty "[]"'],
    ['a.[-2]', 'invalid'],
    ['a.[0]b', 'expected "."'],
    ['a.[(]', 'not a valid regular expression'],
  ])('rejects %j', (path, reason) => {
    const parsed = parseOverlayPath(path);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});

const doc: JsonObject = {
  spec: {
    containers: [
      { name: 'discovery', args: ['discovery', '--keepaliveMaxServerConnectionAge', '30m'], ports: [{ containerPort: 8080 }] },
      { name: 'other', args: [] },
    ],
    replicas: 1,
  },
};

function run(path: string, value?: JsonValue) {
  const parsed = parseOverlayPath(path);
  if (!parsed.ok) throw new Error(parsed.reason);
  return applyPathPatch(doc, parsed.value, value);
}

describe('applyPathPatch', () => {
  const sets: { path: string; value?: JsonValue; read: (d: JsonObject) => unknown; want: unknown }[] = [
    { path: 'spec.containers.[name:discovery].args.[30m]', value: '60m', read: (d) => c0(d).args, want: ['discovery', '--keepaliveMaxServerConnectionAge', '60m'] },
    { path: 'spec.containers.[name:discovery].args.[:^--keepalive]', read: (d) => c0(d).args, want: ['discovery', '30m'] },
    { path: 'spec.containers.[0].ports.[-1]', value: { containerPort: 9090 }, read: (d) => c0(d).ports, want: [{ containerPort: 8080 }, { containerPort: 9090 }] },
    { path: 'spec.containers.[1]', read: (d) => spec(d).containers, want: [(spec(doc).containers as JsonValue[])[0]] },
    { path: 'spec.replicas', read: (d) => spec(d).replicas, want: undefined },
    { path: 'spec.template.metadata.labels.a', value: 'b', read: (d) => spec(d).template, want: { metadata: { labels: { a: 'b' } } } },
    { path: 'spec.extra.[-1]', value: 1, read: (d) => spec(d).extra, want: [1] },
    { path: 'spec.absent.deeper', read: (d) => 'absent' in spec(d), want: false },
    { path: 'spec.containers.[name:discovery].name', value: 'renamed', read: (d) => c0(d).name, want: 'renamed' },
  ];
  it.each(sets)('$path = $value', ({ path, value, read, want }) => {
    const before = structuredClone(doc);
    const out = run(path, value);
    if (!out.ok) throw new Error(out.reason);
    expect(read(out.value)).toEqual(want);
    expect(doc).toEqual(before);
  });

  it.each([
    ['spec.containers.[name:nope].args', 'x', 'spec.containers.[name:nope]: no list element has name=nope'],
    ['spec.containers.[name:discovery].args.[45m]', 'x', 'no list element matches /45m/'],
    ['spec.containers.[5]', 'x', 'index 5 is out of range (the list has 2 elements)'],
    ['spec.containers.name', 'x', 'is a list'],
    ['spec.replicas.deeper', 'x', 'spec.replicas: is a scalar (1)'],
    ['spec.[0]', 'x', 'is a map, not a list'],
    ['spec.containers.[-1].name', 'x', '[-1] appends, so it must end the path'],
    ['spec.containers.[-1]', undefined, 'cannot delete'],
    ['spec.nothing.[0]', 'x', 'not found'],
    ['spec.containers.[name:nope]', undefined, 'no list element'],
  ] as [string, JsonValue | undefined, string][])('%s fails', (path, value, reason) => {
    const out = run(path, value);
    expect(!out.ok && out.reason).toContain(reason);
  });
});

const spec = (d: JsonObject): JsonObject => d.spec as JsonObject;
const c0 = (d: JsonObject): JsonObject => (spec(d).containers as JsonObject[])[0] as JsonObject;

describe('reserved keys and inherited properties', () => {
  it.each(['__proto__.polluted', 'metadata.constructor.polluted', 'spec.prototype', 'spec.list.[__proto__:x].y'])('refuses %s', (path) => {
    const parsed = parseOverlayPath(path);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/^"(__proto__|constructor|prototype)" is not allowed as a key: it names JavaScript object internals \(path /);
  });

  it('never writes onto a prototype, and treats inherited names as absent keys', () => {
    const segments = parseOverlayPath('metadata.toString.polluted');
    if (!segments.ok) throw new Error(segments.reason);
    const out = applyPathPatch({ metadata: {} }, segments.value, 'yes');
    expect(out).toEqual({ ok: true, value: { metadata: { toString: { polluted: 'yes' } } } });
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});

describe('regex selectors match in linear time (RE2)', () => {
  const subject = pathologicalSubject(32);
  const segments = parseOverlayPath(`args.[${PATHOLOGICAL_SELECTOR}]`);
  if (!segments.ok) throw new Error(segments.reason);
  // Measured once here so the figure shows in the test name; a backtracking engine takes minutes.
  const started = performance.now();
  const outcome = applyPathPatch({ args: ['--x', subject] }, segments.value, 'y');
  const ms = (performance.now() - started).toFixed(1);

  it(`${PATHOLOGICAL_SELECTOR} against ${subject.length} characters finds no match (took ${ms} ms)`, () => {
    expect(outcome).toEqual({ ok: false, reason: `args.[${PATHOLOGICAL_SELECTOR}]: no list element matches /${PATHOLOGICAL_SELECTOR}/` });
  });

  it('still matches what it should', () => {
    const found = parseOverlayPath(`args.[${PATHOLOGICAL_SELECTOR}]`);
    if (!found.ok) throw new Error(found.reason);
    expect(applyPathPatch({ args: ['--x', 'aaa'] }, found.value, 'y')).toEqual({ ok: true, value: { args: ['--x', 'y'] } });
  });

  it.each(['(?=a)b', '(a)\\1'])('refuses %s, which RE2 does not support', (pattern) => {
    const parsed = parseOverlayPath(`args.[${pattern}]`);
    expect(!parsed.ok && parsed.reason).toMatch(new RegExp(`^"\\[${pattern.replace(/[()\\?=[\]]/g, '\\$&')}\\]" is not a valid regular expression: error parsing regexp`));
  });
});
