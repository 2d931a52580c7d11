import { describe, expect, it } from 'vitest';
import type { IstioOperatorSpec } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { childOf, tagText } from './translate-values.js';
import { layerSharedValues } from './value-layers.js';

const defaults: JsonObject = {
  global: { hub: 'docker.io/istio', tag: '1.31.0', istioNamespace: 'istio-system' },
  revision: '',
  meshConfig: {},
  pilot: { enabled: true, cni: { enabled: false } },
};

describe('layerSharedValues', () => {
  it.each<[string, IstioOperatorSpec, JsonObject]>([
    ['an empty spec gets the defaults', {}, defaults],
    [
      'hub, tag, revision and compatibilityVersion move into values',
      { hub: 'my.reg/istio', tag: '1.31.0-distroless', revision: 'canary', compatibilityVersion: '1.25' },
      { ...defaults, global: { hub: 'my.reg/istio', tag: '1.31.0-distroless', istioNamespace: 'istio-system' }, revision: 'canary', compatibilityVersion: '1.25' },
    ],
    ['a numeric tag becomes text', { tag: 27 }, { ...defaults, global: { hub: 'docker.io/istio', tag: '27', istioNamespace: 'istio-system' } }],
    [
      'values.global beats spec.hub (user values are re-applied on top)',
      { hub: 'a', values: { global: { hub: 'b', istioNamespace: 'mesh' } } },
      { ...defaults, global: { hub: 'b', tag: '1.31.0', istioNamespace: 'mesh' } },
    ],
    ['an empty istioNamespace falls back', { values: { global: { istioNamespace: '' } } }, defaults],
    [
      'meshConfig deep-merges under values.meshConfig',
      { meshConfig: { accessLogFile: '/dev/stdout', defaultConfig: { a: 1, b: 1 } }, values: { meshConfig: { defaultConfig: { b: 2 } } } },
      { ...defaults, meshConfig: { accessLogFile: '/dev/stdout', defaultConfig: { a: 1, b: 2 } } },
    ],
    [
      'pilot.enabled mirrors the component, cni.enabled too',
      { components: { pilot: { enabled: false }, cni: { enabled: true } } },
      { ...defaults, pilot: { enabled: false, cni: { enabled: true } } },
    ],
    [
      'unvalidatedValues come last',
      { values: { pilot: { autoscaleEnabled: false } }, unvalidatedValues: { pilot: { autoscaleEnabled: true, pdb: { enabled: false } } } },
      { ...defaults, pilot: { enabled: true, cni: { enabled: false }, autoscaleEnabled: true, pdb: { enabled: false } } },
    ],
  ])('%s', (_name, spec, expected) => {
    const before = structuredClone(spec);
    expect(layerSharedValues(spec, { hub: 'docker.io/istio', tag: '1.31.0' })).toEqual(expected);
    expect(spec).toEqual(before);
  });
});

describe('helpers', () => {
  it.each([[1.5, '1.5'], ['x', 'x'], [true, undefined], [undefined, undefined]] as const)('tagText(%j)', (tag, text) => {
    expect(tagText(tag)).toBe(text);
  });
  it('childOf reads nested mappings and tolerates anything else', () => {
    expect(childOf({ a: { b: 1 } }, 'a')).toEqual({ b: 1 });
    expect(childOf({ a: 'x' }, 'a')).toEqual({});
    expect(childOf(null, 'a')).toEqual({});
  });
});
