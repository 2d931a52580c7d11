import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { serializeManifest } from './serialize-manifest.js';
import { PATHOLOGICAL_SELECTOR, pathologicalSubject, YAML_ALIAS_BOMB } from './fixtures/hostile-inputs.js';

const assets = loadAssets();
const iop = (spec: JsonObject): JsonObject => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec });
const overlay = (kind: string, name: string, path: string, value?: unknown): JsonObject =>
  ({ kind, name, patches: [value === undefined ? { path } : { path, value }] }) as JsonObject;

/** Every way we found to reach a prototype, an identity, a grant or unbounded work through an IstioOperator. */
const ATTACKS: [string, JsonObject, string[]][] = [
  ['overlay path into __proto__', iop({ components: { pilot: { k8s: { overlays: [overlay('Deployment', 'istiod', '__proto__.polluted', 'yes')] } } } }), []],
  ['overlay path into constructor.prototype', iop({ components: { pilot: { k8s: { overlays: [overlay('Deployment', 'istiod', 'metadata.constructor.prototype.polluted', 'yes')] } } } }), []],
  ['overlay value YAML with __proto__', iop({ components: { pilot: { k8s: { overlays: [overlay('ConfigMap', 'istio', 'data.x', '__proto__:\n  polluted: yes\n')] } } } }), []],
  ['overlay value alias bomb', iop({ components: { pilot: { k8s: { overlays: [overlay('ConfigMap', 'istio', 'data.x', YAML_ALIAS_BOMB)] } } } }), []],
  ['pathological regex selector', iop({ components: { pilot: { k8s: { overlays: [overlay('Deployment', 'istiod', `spec.template.spec.containers.[name:discovery].args.[${PATHOLOGICAL_SELECTOR}]`, pathologicalSubject(32))] } } } }), []],
  ['__proto__ in free-form k8s settings (JSON from the apiserver)', JSON.parse('{"apiVersion":"install.istio.io/v1alpha1","kind":"IstioOperator","spec":{"components":{"pilot":{"k8s":{"affinity":{"__proto__":{"polluted":"yes"}},"securityContext":{"constructor":{"prototype":{"polluted":"yes"}}}}}}}}') as JsonObject, []],
  ['__proto__ in values and meshConfig', JSON.parse('{"apiVersion":"install.istio.io/v1alpha1","kind":"IstioOperator","spec":{"meshConfig":{"__proto__":{"polluted":"yes"}},"values":{"global":{"__proto__":{"polluted":"yes"}}},"unvalidatedValues":{"prototype":{"polluted":"yes"}}}}') as JsonObject, []],
  ['--set into __proto__', iop({}), ['values.global.__proto__.polluted=yes', 'unvalidatedValues.constructor.prototype.polluted=yes', 'components.ingressGateways[__proto__:x].enabled=true']],
  ['overlay widening a ClusterRole', iop({ components: { pilot: { k8s: { overlays: [overlay('ClusterRole', 'istiod-clusterrole-istio-system', 'rules[-1]', { apiGroups: ['*'], resources: ['*'], verbs: ['*'] })] } } } }), []],
  ['overlay rebinding to cluster-admin', iop({ components: { pilot: { k8s: { overlays: [overlay('ClusterRoleBinding', 'istiod-clusterrole-istio-system', 'roleRef.name', 'cluster-admin')] } } } }), []],
  ['overlay moving an object to kube-system', iop({ components: { pilot: { k8s: { overlays: [overlay('Deployment', 'istiod', 'metadata', { name: 'kube-proxy', namespace: 'kube-system' })] } } } }), []],
];

function renderVictim(): string {
  const result = buildDesiredState({ documents: [iop({ profile: 'demo', components: { pilot: { k8s: { overlays: [overlay('Deployment', 'istiod', 'spec.template.spec.containers.[name:discovery].args.[-1]', '--log_as_json')] } } } })], setFlags: ['values.global.proxy.privileged=true'], owner: { name: 'victim', namespace: 'istio-system' } }, assets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return serializeManifest(result.value.objects);
}

describe('an IstioOperator cannot reach another render, the process or a grant', () => {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  const clean = renderVictim();

  it.each(ATTACKS)('refuses %s, naming the field', (_name, doc, setFlags) => {
    const result = buildDesiredState({ documents: [doc], setFlags, owner: { name: 'attacker', namespace: 'tenant' } }, assets);
    expect(result.ok).toBe(false);
    if (!result.ok) for (const e of result.errors) expect(e.path).toMatch(/^(spec\.|--set )/);
  });

  it('renders the victim afterwards byte for byte as before, with Object.prototype untouched', () => {
    for (const [, doc, setFlags] of ATTACKS) buildDesiredState({ documents: [doc], setFlags, owner: { name: 'attacker', namespace: 'tenant' } }, assets);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(renderVictim()).toBe(clean);
  });
});
