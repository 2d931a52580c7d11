import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { diffManifests, formatManifestDiff } from './diff-manifests.js';

const deploy = (name: string, replicas: number, env: { name: string; value: string }[] = []): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'istio-system', labels: { 'app.kubernetes.io/name': name } },
  spec: { replicas, template: { spec: { containers: [{ name: 'main', env }] } } },
});
const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istiod', namespace: 'istio-system' } };
const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gateways.networking.istio.io' } };

describe('diffManifests', () => {
  it('finds objects on one side only, changed fields, and counts the rest', () => {
    const a = [deploy('istiod', 1, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]), sa, deploy('istio-egressgateway', 1)];
    const b = [crd, { ...sa, metadata: { namespace: 'istio-system', name: 'istiod' } }, deploy('istiod', 2, [{ name: 'B', value: '3' }, { name: 'C', value: '4' }])];
    const diff = diffManifests(a, b);
    expect(diff.onlyInA.map((o) => o.metadata.name)).toEqual(['istio-egressgateway']);
    expect(diff.onlyInB.map((o) => o.metadata.name)).toEqual(['gateways.networking.istio.io']);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toEqual([
      {
        ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' },
        fields: [
          { path: 'spec.replicas', a: 1, b: 2 },
          { path: 'spec.template.spec.containers[name:main].env[name:A]', a: { name: 'A', value: '1' } },
          { path: 'spec.template.spec.containers[name:main].env[name:B].value', a: '2', b: '3' },
          { path: 'spec.template.spec.containers[name:main].env[name:C]', b: { name: 'C', value: '4' } },
        ],
      },
    ]);
    expect(formatManifestDiff(diff, { a: 'old.yaml', b: 'new.yaml' })).toBe(
      [
        '--- old.yaml',
        '+++ new.yaml',
        '- Deployment.apps istio-system/istio-egressgateway',
        '+ CustomResourceDefinition.apiextensions.k8s.io gateways.networking.istio.io',
        '~ Deployment.apps istio-system/istiod',
        '    spec.replicas: 1 -> 2',
        '    spec.template.spec.containers[name:main].env[name:A]: {"name":"A","value":"1"} -> <absent>',
        '    spec.template.spec.containers[name:main].env[name:B].value: "2" -> "3"',
        '    spec.template.spec.containers[name:main].env[name:C]: <absent> -> {"name":"C","value":"4"}',
        '1 only in old.yaml, 1 only in new.yaml, 1 changed, 1 unchanged.',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['an added map', { ...sa, metadata: { ...sa.metadata, labels: { 'app.kubernetes.io/name': 'x' } } }, [{ path: 'metadata.labels', b: { 'app.kubernetes.io/name': 'x' } }]],
    ['a new apiVersion of the same group', { ...sa, apiVersion: 'v2' }, [{ path: 'apiVersion', a: 'v1', b: 'v2' }]],
  ] as [string, KubeObject, unknown][])('reports %s', (_name, changed, fields) => {
    expect(diffManifests([sa], [changed]).changed[0]?.fields).toEqual(fields);
  });

  it('quotes odd keys and reports a reordered named list as one change', () => {
    const a = deploy('x', 1, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    const b = { ...deploy('x', 1, [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]), metadata: { name: 'x', namespace: 'istio-system', labels: { 'app.kubernetes.io/name': 'y' } } };
    const fields = diffManifests([a], [b]).changed[0]?.fields.map((f) => f.path);
    expect(fields).toEqual(['metadata.labels["app.kubernetes.io/name"]', 'spec.template.spec.containers[name:main].env']);
  });

  it('is independent of input order and key order', () => {
    const a = [deploy('a', 1), deploy('b', 1), sa];
    const b = [crd, deploy('b', 3), deploy('c', 1)];
    const text = formatManifestDiff(diffManifests(a, b), { a: 'A', b: 'B' });
    const reordered = formatManifestDiff(diffManifests([...a].reverse(), [...b].reverse().map(reversedKeys)), { a: 'A', b: 'B' });
    expect(reordered).toBe(text);
  });

  it('says so when there are no differences', () => {
    const diff = diffManifests([sa, crd], [crd, sa]);
    expect(formatManifestDiff(diff, { a: 'A', b: 'B' })).toBe('--- A\n+++ B\nNo differences (2 objects are the same).\n');
  });
});

function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
}
