import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { buildPublishedValues } from './published-values.js';
import type { CompiledChart } from './types.js';

const chart: CompiledChart = {
  name: 'istio-discovery',
  templates: [],
  values: {
    revision: '',
    meshConfig: { enablePrometheusMerge: true },
    global: { hub: 'docker.io/istio' },
    pilot: { autoscaleEnabled: true, replicaCount: 1, cni: { enabled: false, provider: 'default' } },
    _profiles: { ambient: { pilot: { env: { PILOT_ENABLE_AMBIENT: 'true' } } } },
  },
};
const given: JsonObject = { revision: '', meshConfig: {}, global: { hub: 'my.hub' }, pilot: { enabled: true, autoscaleEnabled: false } };

describe('buildPublishedValues', () => {
  it('prints pilot settings at the top level, the given pilot values copied over them, as istioctl does', () => {
    const { merged } = buildPublishedValues(chart, given, {}, {});
    expect(merged).toMatchObject({ autoscaleEnabled: false, replicaCount: 1, enabled: true, cni: { enabled: false, provider: 'default' } });
    // `pilot` itself holds only what was given, not the chart defaults.
    expect(merged.pilot).toEqual({ enabled: true, autoscaleEnabled: false });
    expect(merged.global).toEqual({ hub: 'my.hub' });
    expect(merged).not.toHaveProperty('_profiles');
  });

  it("lays values.cni under values.pilot.cni: the chart's own cni setting", () => {
    const { merged } = buildPublishedValues(chart, { ...given, cni: { provider: 'multus', chained: true }, pilot: { cni: { enabled: true } } }, {}, {});
    expect(merged.cni).toEqual({ enabled: true, provider: 'multus', chained: true });
  });

  it('lays the selected chart delta between the defaults and the given values', () => {
    const { merged, original } = buildPublishedValues(chart, { ...given, profile: 'ambient' }, {}, {});
    expect(merged.env).toEqual({ PILOT_ENABLE_AMBIENT: 'true' });
    expect(original).not.toHaveProperty('env');
  });

  it('shows the given values without our translation fillers, component overrides and forced keys included', () => {
    const { original, merged } = buildPublishedValues(chart, given, { pilot: { hub: 'pilot.hub' } }, { global: { notAValue: true } });
    expect(original).toEqual({ global: { hub: 'my.hub', notAValue: true }, pilot: { enabled: true, autoscaleEnabled: false, hub: 'pilot.hub' } });
    expect(merged).toMatchObject({ hub: 'pilot.hub', global: { notAValue: true }, meshConfig: { enablePrometheusMerge: true }, revision: '' });
  });
});
