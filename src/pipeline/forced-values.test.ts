import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { collectForcedValues } from './forced-values.js';
import { planComponents } from './plan-components.js';

describe('collectForcedValues', () => {
  it('keeps unknown values keys with their values, and nothing else', () => {
    const spec = { values: { global: { notAValue: { a: 1 }, hub: 'x' }, pilot: { cpu: { bogus: 2 } } }, components: { pilot: { k8s: { bad: 1 } } } };
    const tree = collectForcedValues(spec, [
      { path: 'spec.values.global.notAValue', reason: 'unknown field' },
      { path: 'spec.values.pilot.cpu.bogus', reason: 'unknown field (did you mean "x"?)' },
      { path: 'spec.values.global.hub', reason: 'expected a string, got a number' },
      { path: 'spec.components.pilot.k8s.bad', reason: 'unknown field' },
      { path: 'spec.values.gateways.istio-ingressgateway.ports[0].bogus', reason: 'unknown field' },
    ]);
    expect(tree).toEqual({ global: { notAValue: { a: 1 } }, pilot: { cpu: { bogus: 2 } } });
  });

  it('keeps a `__proto__` key as data', () => {
    const spec = JSON.parse('{"values":{"global":{"__proto__":{"polluted":true}}}}') as JsonObject;
    const tree = collectForcedValues(spec, [{ path: 'spec.values.global.__proto__', reason: 'unknown field' }]);
    expect(Object.hasOwn(tree.global as JsonObject, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('--force with an unknown values key', () => {
  const assets = loadAssets();
  const render = (values: JsonObject, force: boolean): KubeObject[] => {
    const result = buildDesiredState({ documents: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { values } }], setFlags: [], force }, assets);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.objects;
  };
  const isCopy = (o: KubeObject): boolean => o.kind === 'ConfigMap' && ['istio-sidecar-injector', 'values'].includes(o.metadata.name ?? '');

  it('is warned about and reaches the values copies only, as istioctl passes it on', () => {
    const result = buildDesiredState(
      { documents: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { values: { global: { notAValue: true } } } }], setFlags: [], force: true },
      assets,
    );
    expect(result.ok && result.value.warnings).toContain('spec.values.global.notAValue: unknown field (ignored: --force)');
    const forced = render({ global: { notAValue: true } }, true);
    const plain = render({}, false);
    expect(forced.filter((o) => !isCopy(o))).toEqual(plain.filter((o) => !isCopy(o)));
    const data = (name: string): Record<string, string> =>
      (forced.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name) as unknown as { data: Record<string, string> }).data;
    expect((JSON.parse(data('istio-sidecar-injector').values ?? '{}') as { global: JsonObject }).global.notAValue).toBe(true);
    expect((JSON.parse(data('values')['merged-values'] ?? '{}') as { global: JsonObject }).global.notAValue).toBe(true);
    expect((JSON.parse(data('values')['original-values'] ?? '{}') as { global: JsonObject }).global.notAValue).toBe(true);
  });

  it('never enters the values a template renders objects from', () => {
    const planned = planComponents({ components: { pilot: { enabled: true } } }, assets.charts, { hub: assets.pack.hub, tag: assets.pack.version, k8sSettingsInValues: assets.renderer.k8sSettingsInValues, k8sCpuInValues: assets.renderer.k8sCpuInValues }, { global: { notAValue: true } });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    expect(planned.value.plans.map((p) => JSON.stringify(p.values).includes('notAValue'))).not.toContain(true);
    expect(JSON.stringify(planned.value.plans.find((p) => p.instance === 'istiod')?.context)).toContain('notAValue');
  });
});
