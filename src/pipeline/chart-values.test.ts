import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { buildFlatChartValues, splitChartValues } from './chart-values.js';
import { layerChartValues } from './value-layers.js';
import type { CompiledChart } from './types.js';

const chart = (values: JsonObject): CompiledChart => ({ name: 'test', values, templates: [] });

const layered = chart({
  a: { x: 'default', y: 'default' },
  _profiles: { ambient: { a: { x: 'profile', y: 'profile' } } },
  _compatibility: { '1.24': { a: { y: 'compat' } } },
  _platforms: { openshift: { a: { z: 'platform' } } },
});

describe('splitChartValues', () => {
  it('strips the delta blocks from the defaults', () => {
    expect(splitChartValues(layered, {}).defaults).toEqual({ a: { x: 'default', y: 'default' } });
  });

  it('selects deltas by values.profile (or global.profile), compatibilityVersion and platform, in that order', () => {
    const { deltas } = splitChartValues(layered, { profile: 'ambient', compatibilityVersion: '1.24', global: { platform: 'openshift' } });
    expect(deltas).toEqual([{ a: { x: 'profile', y: 'profile' } }, { a: { y: 'compat' } }, { a: { z: 'platform' } }]);
    expect(splitChartValues(layered, { global: { profile: 'ambient' } }).deltas).toHaveLength(1);
  });

  it('yields an empty delta for a name the chart has none for', () => {
    expect(splitChartValues(layered, { profile: 'remote' }).deltas).toEqual([{}]);
    expect(splitChartValues(chart({}), { profile: 'ambient' }).deltas).toEqual([{}]);
  });
});

describe('layerChartValues', () => {
  it('lays defaults < deltas < shared values < the component\'s own < copied k8s settings', () => {
    const shared = { profile: 'ambient', compatibilityVersion: '1.24', a: { w: 'user', y: 'user' } };
    const values = layerChartValues(layered, shared, { own: { a: { w: 'override', v: 'own' } }, copiedK8s: { a: { v: 'k8s' } } });
    expect(values.a).toEqual({ x: 'profile', y: 'user', w: 'override', v: 'k8s' });
    expect(values._profiles).toBeUndefined();
  });
});

describe('buildFlatChartValues', () => {
  const flat = chart({ hub: 'chart-hub', tag: 'chart-tag', variant: '', logLevel: 'info', meshConfig: { a: 1 }, _profiles: { ambient: { global: { variant: 'distroless' }, meshConfig: { b: 2 } } } });

  it('lays global over the top level, then the root values; other maps do not reach the chart', () => {
    const values = buildFlatChartValues(
      flat,
      { global: { hub: 'global-hub', tag: '1.27.9' }, revision: 'canary', revisionTags: ['t'], meshConfig: { user: true }, pilot: { env: {} }, ztunnel: { logLevel: 'debug' } },
      { ztunnel: { tag: 'own-tag' } },
      'ztunnel',
    );
    expect(values).toMatchObject({ hub: 'global-hub', tag: 'own-tag', logLevel: 'debug', revision: 'canary', revisionTags: ['t'], meshConfig: { a: 1 } });
    expect(values.pilot).toBeUndefined();
    expect(values.global).toEqual({ hub: 'global-hub', tag: '1.27.9' });
  });

  it('takes a profile delta, including its global block, as the chart profile', () => {
    const values = buildFlatChartValues(flat, { profile: 'ambient', global: { hub: 'h' } }, {}, 'ztunnel');
    expect(values).toMatchObject({ variant: 'distroless', meshConfig: { a: 1, b: 2 } });
  });
});
