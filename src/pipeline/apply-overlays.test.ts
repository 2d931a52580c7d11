import { describe, expect, it } from 'vitest';
import type { OverlaySpec } from '../api/istio-operator.js';
import type { JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { applyOverlays, parseOverlayValue } from './apply-overlays.js';
import { YAML_ALIAS_BOMB } from './fixtures/hostile-inputs.js';

const objects: KubeObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: 'istio-system' },
    spec: { template: { spec: { containers: [{ name: 'discovery', args: ['--keepaliveMaxServerConnectionAge', '30m'] }] } } },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod' }, spec: { ports: [] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio' }, data: {} },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector' }, data: {} },
];
const where = 'spec.components.pilot.k8s';

describe('applyOverlays', () => {
  it('applies the istioctl keepalive example and leaves the input untouched', () => {
    const before = structuredClone(objects);
    const out = applyOverlays(objects, [{
      apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod',
      patches: [{ path: 'spec.template.spec.containers.[name:discovery].args.[30m]', value: '60m' }],
    }], where);
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.value[0]).toMatchObject({ spec: { template: { spec: { containers: [{ args: ['--keepaliveMaxServerConnectionAge', '60m'] }] } } } });
    expect(out.value.slice(1)).toEqual(objects.slice(1));
    expect(objects).toEqual(before);
  });

  it('ignores apiVersion, applies overlays in order and parses YAML-looking values', () => {
    const out = applyOverlays(objects, [
      { apiVersion: 'v9', kind: 'ConfigMap', name: 'istio', patches: [{ path: 'data.mesh', value: 'a: b' }] },
      { kind: 'ConfigMap', name: 'istio', patches: [{ path: 'data.mesh.c', value: 1 }, { path: 'data.gone' }] },
    ], where);
    expect(out.ok && out.value[2]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio' }, data: { mesh: { a: 'b', c: 1 } } });
  });

  it('reports every miss with its path, naming the objects of that kind', () => {
    const overlays: OverlaySpec[] = [
      { kind: 'ConfigMap', name: 'mesh', patches: [] },
      { kind: 'Deployment', name: 'istiod', patches: [{ path: 'spec.template.spec.containers.[name:proxy].args', value: [] }, { path: 'spec.replicas', value: 2 }] },
      { kind: 'Secret', name: 'x', patches: [] },
      { kind: 'Service', name: 'istiod', patches: [{ path: 'a..b', value: 1 }] },
    ];
    const out = applyOverlays(objects, overlays, where);
    expect(!out.ok && out.errors).toEqual([
      { path: `${where}.overlays[0]`, reason: 'no ConfigMap named "mesh" to overlay; this component has ConfigMap istio, istio-sidecar-injector' },
      { path: `${where}.overlays[1].patches[0].path`, reason: 'Deployment istiod: spec.template.spec.containers.[name:proxy]: no list element has name=proxy' },
      { path: `${where}.overlays[2]`, reason: 'no Secret named "x" to overlay; this component renders no Secret' },
      { path: `${where}.overlays[3].patches[0].path`, reason: 'empty element in path "a..b"' },
    ]);
  });

  it('treats an explicit null value as delete', () => {
    const out = applyOverlays(objects, [{ kind: 'Service', name: 'istiod', patches: [{ path: 'spec.ports', value: null }] }], where);
    expect(out.ok && out.value[1]).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod' }, spec: {} });
  });
});

describe('parseOverlayValue', () => {
  it.each([
    ['60m', '60m'],
    ['--flag=a:b', '--flag=a:b'],
    ['http://x', 'http://x'],
    ['a: b', { a: 'b' }],
    ['a:\n  b: 1\n', { a: { b: 1 } }],
    ['one line: with: two', 'one line: with: two'],
    ['x: [unclosed', 'x: [unclosed'],
    [5, 5],
  ] as [JsonValue, JsonValue][])('%j -> %j', (value, want) => {
    expect(parseOverlayValue(value, 'v')).toEqual({ ok: true, value: want });
  });
});

describe('applyOverlays: identity and grants', () => {
  const rbac: KubeObject[] = [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'istiod' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } as KubeObject,
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'istiod' }, roleRef: { kind: 'ClusterRole', name: 'istiod' }, subjects: [] } as KubeObject,
    ...objects,
  ];

  it.each([
    ['ClusterRole', 'istiod', 'rules[0]', { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, 'rules', 'the permissions it grants'],
    ['ClusterRole', 'istiod', 'aggregationRule', { clusterRoleSelectors: [{}] }, 'aggregationRule', 'the permissions it grants'],
    ['ClusterRoleBinding', 'istiod', 'roleRef.name', 'cluster-admin', 'roleRef', 'who is granted what'],
    ['ClusterRoleBinding', 'istiod', 'subjects[-1]', { kind: 'Group', name: 'system:authenticated' }, 'subjects', 'who is granted what'],
    ['Deployment', 'istiod', 'kind', 'DaemonSet', 'kind', "the object's identity"],
    ['Deployment', 'istiod', 'apiVersion', 'apps/v1beta1', 'apiVersion', "the object's identity"],
    ['Deployment', 'istiod', 'metadata.namespace', 'kube-system', 'metadata.namespace', "the object's identity"],
    ['ConfigMap', 'istio', 'metadata.name', 'kube-proxy', 'metadata.name', "the object's identity"],
    ['ConfigMap', 'istio', 'metadata.generateName', 'x-', 'metadata.generateName', "the object's identity"],
    ['ConfigMap', 'istio', 'metadata', 'name: coredns\nnamespace: kube-system', 'metadata.name', "the object's identity"],
  ])('refuses %s %s: %s', (kind, name, path, value, field, why) => {
    const out = applyOverlays(rbac, [{ kind: 'Service', name: 'istiod', patches: [] }, { kind, name, patches: [{ path: 'metadata.labels.ok', value: 'x' }, { path, value }] }], where);
    expect(out).toEqual({
      ok: false,
      errors: [{ path: `${where}.overlays[1].patches[1].path`, reason: `${kind} ${name}: "${path}" would change ${field}, which only the chart sets (${why})` }],
    });
  });

  it('still patches labels, annotations and the rest of an RBAC object', () => {
    const out = applyOverlays(rbac, [{ kind: 'ClusterRole', name: 'istiod', patches: [{ path: 'metadata.labels.team', value: 'mesh' }, { path: 'metadata.annotations', value: { a: 'b' } }] }], where);
    expect(out.ok && out.value[0]).toEqual({ ...rbac[0], metadata: { name: 'istiod', labels: { team: 'mesh' }, annotations: { a: 'b' } } });
  });

  it('refuses an overlay value whose YAML expands past the limit, naming the value', () => {
    const out = applyOverlays(objects, [{ kind: 'ConfigMap', name: 'istio', patches: [{ path: 'data.x', value: YAML_ALIAS_BOMB }] }], where);
    expect(out).toEqual({ ok: false, errors: [{ path: `${where}.overlays[0].patches[0].value.e[0][2][0][5][2]`, reason: 'the input holds more than 10000 values (YAML aliases count once per use); refused' }] });
  });
});
