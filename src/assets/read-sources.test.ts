import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listPacks, readPackSources } from './read-sources.js';

const root = mkdtempSync(path.join(tmpdir(), 'packs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

const info = (version: string, extra = ''): string => `version: ${version}\nhub: docker.io/istio\nendOfLife: "2027-01-01"\nminKubernetes: "1.30"\n${extra}`;
write('1.0.0/pack.yaml', info('1.0.0'));
write('1.0.0/charts/a/values.yaml', 'x: 1\n');
write('1.0.0/charts/a/templates/one.yaml.hbs', 'one v1');
write('1.0.0/charts/a/templates/two.yaml.hbs', 'two v1');
write('1.0.0/profiles/default.yaml', 'spec: {x: 1}\n');
write('1.0.0/profiles/old.yaml', 'spec: {}\n');
write('1.1.0/pack.yaml', info('1.1.0', 'base: 1.0.0\nremoves: [charts/a/templates/two.yaml.hbs, profiles/old.yaml]\n'));
write('1.1.0/charts/a/templates/one.yaml.hbs', 'one v2');
write('1.1.0/charts/a/templates/three.yaml.hbs', 'three v2');
write('1.1.0/charts/b/templates/b.yaml.hbs', 'b v2');
write('1.10.0/pack.yaml', info('1.10.0', 'base: 1.1.0\n'));

describe('version pack sources', () => {
  it('lists packs by release, not by name', () => {
    expect(listPacks(root).map((p) => p.version)).toEqual(['1.0.0', '1.1.0', '1.10.0']);
  });

  it('takes each file from the newest pack of the chain that has it, and drops what a pack removes', () => {
    const sources = readPackSources(root, '1.10.0');
    expect(sources.info.version).toBe('1.10.0');
    expect(sources.charts).toEqual([
      { name: 'a', values: { x: 1 }, templates: [{ name: 'one.yaml.hbs', source: 'one v2' }, { name: 'three.yaml.hbs', source: 'three v2' }] },
      { name: 'b', values: {}, templates: [{ name: 'b.yaml.hbs', source: 'b v2' }] },
    ]);
    expect([...sources.profiles.keys()]).toEqual(['default']);
  });

  it('leaves the base pack as it is', () => {
    const base = readPackSources(root, '1.0.0');
    expect(base.charts[0]?.templates.map((t) => t.source)).toEqual(['one v1', 'two v1']);
    expect([...base.profiles.keys()]).toEqual(['default', 'old']);
  });

  it('refuses a pack that removes a file its base lacks, a missing base and a folder that disagrees with its version', () => {
    write('2.0.0/pack.yaml', info('2.0.0', 'base: 1.0.0\nremoves: [profiles/none.yaml]\n'));
    expect(() => readPackSources(root, '2.0.0')).toThrow('packs/2.0.0/pack.yaml: removes profiles/none.yaml, which its base does not have');
    write('3.0.0/pack.yaml', info('3.0.0', 'base: 9.9.9\n'));
    expect(() => readPackSources(root, '3.0.0')).toThrow('packs/9.9.9/pack.yaml is missing');
    write('4.0.0/pack.yaml', info('4.0.1'));
    expect(() => readPackSources(root, '4.0.0')).toThrow('version 4.0.1 differs from its folder 4.0.0');
  });
});
