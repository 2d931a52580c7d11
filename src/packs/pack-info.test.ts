import { describe, expect, it } from 'vitest';
import { parsePackInfo, resolveRenderer } from './pack-info.js';

describe('parsePackInfo', () => {
  const good = {
    version: '1.31.0', base: '1.30.3', hub: 'docker.io/istio', endOfLife: '2027-04-30', minKubernetes: '1.32', removes: ['charts/x/templates/y.yaml.hbs'],
    compatibilityVersions: ['1.29', '1.30'], valueKeys: { 'global.networkPolicy.enabled': 'bool' }, removedValueKeys: ['global.old'],
    renderer: { k8sSettingsInValues: true, k8sCpuInValues: true, helmCharts: { Pilot: 'istiod' } },
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
    [{ ...good, renderer: { fast: true } }, 'renderer has unknown settings fast'],
    [{ ...good, renderer: { k8sCpuInValues: 'yes' } }, 'renderer.k8sCpuInValues must be true or false'],
  ])('names the file and the field of a broken one (%#)', (doc, message) => {
    expect(() => parsePackInfo(doc, 'packs/x/pack.yaml')).toThrow(`packs/x/pack.yaml: ${message}`);
  });
});

describe('resolveRenderer', () => {
  it('takes each setting from the newest pack that states it', () => {
    const root = parsePackInfo({ version: '1.0.0', hub: 'h', endOfLife: '2027-01-01', minKubernetes: '1.30', renderer: { k8sSettingsInValues: false, helmCharts: { Pilot: 'istiod' } } }, 'a');
    const next = parsePackInfo({ version: '1.1.0', base: '1.0.0', hub: 'h', endOfLife: '2027-01-01', minKubernetes: '1.30', renderer: { k8sSettingsInValues: true } }, 'b');
    expect(resolveRenderer([root, next])).toEqual({ k8sSettingsInValues: true, k8sCpuInValues: false, helmCharts: { Pilot: 'istiod' } });
    expect(resolveRenderer([root])).toEqual({ k8sSettingsInValues: false, k8sCpuInValues: false, helmCharts: { Pilot: 'istiod' } });
  });
});
