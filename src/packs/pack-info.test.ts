import { describe, expect, it } from 'vitest';
import { parsePackInfo } from './pack-info.js';

describe('parsePackInfo', () => {
  const good = {
    version: '1.31.0', base: '1.30.3', hub: 'docker.io/istio', endOfLife: '2027-04-30', minKubernetes: '1.32', removes: ['charts/x/templates/y.yaml.hbs'],
    compatibilityVersions: ['1.29', '1.30'], valueKeys: { 'global.networkPolicy.enabled': 'bool' }, removedValueKeys: ['global.old'],
  };

  it('reads a pack file', () => {
    expect(parsePackInfo(good, 'pack.yaml')).toEqual(good);
  });

  it.each([
    [{ ...good, version: '1.31' }, 'version must be'],
    [{ ...good, endOfLife: 'spring 2027' }, 'endOfLife must be'],
    [{ ...good, removes: ['../../etc/passwd'] }, 'removes must be'],
    [{ ...good, base: 'latest' }, 'base must be'],
    [{ ...good, compatibilityVersions: ['1.30.1'] }, 'compatibilityVersions must be'],
    [{ ...good, valueKeys: { 'a..b': 'bool' } }, 'valueKeys must map'],
  ])('names the file and the field of a broken one (%#)', (doc, message) => {
    expect(() => parsePackInfo(doc, 'packs/x/pack.yaml')).toThrow(`packs/x/pack.yaml: ${message}`);
  });
});
