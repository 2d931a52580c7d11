import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { listPacks } from '../assets/read-sources.js';
import { planComponents } from './plan-components.js';
import { listProfiles, resolveProfile } from './resolve-profile.js';
import type { CompiledChart } from './types.js';
import { iopSpecSchema } from './iop-schema.js';
import type { SpecRules } from './pack-spec-rules.js';
import { validateDocument, validateSpec } from './validate-spec.js';

/** The shared schema with the root pack's compatibility versions (Istio 1.27.9). */
const RULES: SpecRules = { schema: iopSpecSchema, compatibilityVersions: ['1.24', '1.25', '1.26'] };

const fake = new Map<string, JsonObject>([
  ['default', { hub: 'h', components: { pilot: { enabled: true } }, values: { global: { a: 1 } } }],
  ['demo', { components: { egressGateways: [{ name: 'eg', enabled: true }] }, values: { global: { b: 2 } } }],
  ['empty', { components: { pilot: { enabled: false } } }],
]);

describe('resolveProfile', () => {
  it.each<[string | undefined, JsonObject]>([
    [undefined, { hub: 'h', components: { pilot: { enabled: true } }, values: { global: { a: 1 } } }],
    ['', { hub: 'h', components: { pilot: { enabled: true } }, values: { global: { a: 1 } } }],
    ['default', { hub: 'h', components: { pilot: { enabled: true } }, values: { global: { a: 1 } } }],
    ['demo', { hub: 'h', components: { pilot: { enabled: true }, egressGateways: [{ name: 'eg', enabled: true }] }, values: { global: { a: 1, b: 2 } } }],
    ['empty', { hub: 'h', components: { pilot: { enabled: false } }, values: { global: { a: 1 } } }],
  ])('resolves %j over default', (name, expected) => {
    expect(resolveProfile(fake, name)).toEqual({ ok: true, value: expected });
  });

  const known = 'known profiles: default, demo, empty';
  it.each<[string, string]>([
    ['nope', `unknown profile "nope" (${known})`],
    ['../etc/passwd', `invalid profile name "../etc/passwd": must be a lowercase DNS label (${known})`],
    ['/abs/path.yaml', `invalid profile name "/abs/path.yaml": must be a lowercase DNS label (${known})`],
    ['Demo', `invalid profile name "Demo": must be a lowercase DNS label (${known})`],
    ['demo-', `invalid profile name "demo-": must be a lowercase DNS label (${known})`],
  ])('rejects %j', (name, reason) => {
    expect(resolveProfile(fake, name)).toEqual({ ok: false, errors: [{ path: 'spec.profile', reason }] });
  });

  it('does not let the result alias the stored profiles', () => {
    const result = resolveProfile(fake, 'default');
    if (!result.ok) throw new Error('expected ok');
    (result.value.values as JsonObject).global = {};
    expect(fake.get('default')?.values).toEqual({ global: { a: 1 } });
  });

  it('lists profiles sorted', () => {
    expect(listProfiles(new Map([['b', {}], ['a', {}], ['c', {}]]))).toEqual(['a', 'b', 'c']);
  });
});

/**
 * The newest pack's profile documents (each from the newest pack of its chain that has the file): read here
 * directly, so this test does not depend on the charts being loadable.
 */
function readProfiles(): Map<string, JsonObject> {
  const packs = fileURLToPath(new URL('../../packs/', import.meta.url));
  const docs = new Map<string, JsonObject>();
  for (const pack of listPacks(packs)) {
    const dir = `${packs}${pack.version}/profiles/`;
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      docs.set(file.slice(0, -'.yaml'.length), yaml.load(readFileSync(dir + file, 'utf8')) as JsonObject);
    }
  }
  return docs;
}

describe('checked-in profiles', () => {
  const docs = readProfiles();
  const specs = new Map([...docs].map(([name, doc]) => [name, (doc.spec ?? {}) as JsonObject]));

  it('are the expected set', () => {
    expect(listProfiles(specs)).toEqual(['ambient', 'default', 'demo', 'empty', 'minimal', 'openshift', 'openshift-ambient', 'preview', 'remote', 'stable']);
  });

  it.each([...docs.keys()])('%s is a valid IstioOperator named after its file, with no addons', (name) => {
    const doc = docs.get(name);
    expect(validateDocument(doc).ok).toBe(true);
    expect((doc?.metadata as JsonObject).name).toBe(name);
    const resolved = resolveProfile(specs, name);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    const checked = validateSpec(resolved.value, RULES);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    expect(resolved.value.addonComponents).toBeUndefined();
  });

  it('default pins the hub, tag and istio namespace', () => {
    const spec = specs.get('default') ?? {};
    expect(spec.hub).toBe('docker.io/istio');
    expect(spec.tag).toBe('1.31.0');
    expect(spec.values).toMatchObject({ defaultRevision: '', global: { istioNamespace: 'istio-system', configValidation: true } });
  });
});

describe('checked-in profiles enable the components of facts §2.1', () => {
  const specs = new Map([...readProfiles()].map(([name, doc]) => [name, (doc.spec ?? {}) as JsonObject]));
  const charts = new Map<string, CompiledChart>(
    ['base', 'istio-discovery', 'gateways', 'istio-cni', 'ztunnel'].map((name) => [name, { name, values: {}, templates: [] }]),
  );
  const core = ['Base/base', 'Pilot/istiod', 'IngressGateways/istio-ingressgateway'];
  it.each<[string, string[]]>([
    ['default', core],
    ['demo', [...core, 'EgressGateways/istio-egressgateway']],
    ['minimal', ['Base/base', 'Pilot/istiod']],
    ['empty', []],
    ['preview', core],
    ['stable', core],
    ['ambient', ['Base/base', 'Pilot/istiod', 'Cni/istio-cni-node', 'Ztunnel/ztunnel']],
    ['remote', ['Base/base', 'Pilot/istiod']],
    ['openshift', [...core, 'Cni/istio-cni-node']],
    ['openshift-ambient', ['Base/base', 'Pilot/istiod', 'Cni/istio-cni-node', 'Ztunnel/ztunnel']],
  ])('%s', (name, expected) => {
    const resolved = resolveProfile(specs, name);
    const checked = resolved.ok ? validateSpec(resolved.value, RULES) : resolved;
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const planned = planComponents(checked.value, charts, { hub: 'docker.io/istio', tag: '1.31.0', k8sSettingsInValues: true, k8sCpuInValues: true });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    expect(planned.value.plans.map((p) => `${p.component}/${p.instance}`)).toEqual(expected);
    const nodeAgents = name.startsWith('openshift') ? 'kube-system' : 'istio-system';
    for (const plan of planned.value.plans) {
      const agent = plan.component === 'Cni' || plan.component === 'Ztunnel';
      expect(plan.namespace, plan.component).toBe(agent ? nodeAgents : 'istio-system');
    }
  });

  it('ambient, remote and the OpenShift profiles select chart deltas the way istioctl profiles do', () => {
    const valuesOf = (name: string): JsonObject => {
      const resolved = resolveProfile(specs, name);
      return (resolved.ok ? resolved.value.values : {}) as JsonObject;
    };
    expect(valuesOf('ambient')).toMatchObject({ profile: 'ambient' });
    expect(valuesOf('remote')).toMatchObject({ profile: 'remote' });
    expect(valuesOf('openshift')).toMatchObject({ global: { platform: 'openshift' } });
    expect(valuesOf('openshift-ambient')).toMatchObject({ profile: 'ambient', global: { platform: 'openshift' } });
  });

  it('demo, preview and stable name their chart deltas, as istioctl\'s profiles do', () => {
    // The deltas themselves are chart data (charts/*/values.yaml `_profiles`, ADR 4).
    for (const name of ['demo', 'preview', 'stable']) {
      const resolved = resolveProfile(specs, name);
      expect(resolved.ok && (resolved.value.values as JsonObject).profile).toBe(name);
    }
    const demo = resolveProfile(specs, 'demo');
    expect(demo.ok && demo.value.meshConfig).toBeUndefined();
  });
});
