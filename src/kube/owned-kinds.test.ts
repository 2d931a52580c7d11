import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listPacks, readPackSources } from '../assets/read-sources.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { collectRenderedKinds, kindKey } from './rendered-kinds-test-support.js';
import { WATCHED_KINDS } from './watch-source.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const owned = OWNED_KINDS.map((k) => kindKey(k.apiVersion, k.kind));
const watched = new Set(WATCHED_KINDS.map((k) => kindKey(k.apiVersion, k.kind)));

/** `kind:` at the top level of every chart template of every pack: what any values could make a chart render. */
function templateKinds(): string[] {
  const kinds = new Set<string>();
  for (const pack of listPacks(path.join(root, 'packs'))) {
    for (const chart of readPackSources(path.join(root, 'packs'), pack.version).charts) {
      for (const t of chart.templates) for (const m of t.source.matchAll(/^kind: *(\w+)\s*$/gm)) kinds.add(m[1] ?? '');
    }
  }
  return [...kinds].sort();
}

describe('owned and watched kinds', () => {
  const rendered = collectRenderedKinds();

  it('are exactly the kinds some profile, platform or component renders, plus the Namespaces the operator creates', () => {
    expect([...rendered.keys()].filter((k) => !owned.includes(k))).toEqual([]);
    expect(owned.filter((k) => !rendered.has(k))).toEqual(['/Namespace']);
    expect(new Set(owned).size).toBe(owned.length);
  });

  it('every rendered kind is watched (served from the cache); Namespaces are not', () => {
    expect([...rendered.keys()].filter((k) => !watched.has(k))).toEqual([]);
    expect(watched.has('/Namespace')).toBe(false);
  });

  it('the variants reach every kind a chart template can render', () => {
    const kinds = templateKinds();
    expect(kinds.length).toBeGreaterThan(10);
    const renderedNames = new Set([...rendered.keys()].map((k) => k.split('/')[1]));
    expect(kinds.filter((k) => !renderedNames.has(k))).toEqual([]);
  });
});
