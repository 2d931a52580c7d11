import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/api/json.js';
import { compareManifests } from './compare-objects.js';

const svc = (labels: JsonObject, spec: JsonObject): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'a', namespace: 'ns', labels },
  spec,
});

describe('compareManifests', () => {
  it('reports objects on one side only and every differing leaf', () => {
    const theirs = [svc({ app: 'a' }, { type: 'ClusterIP', ports: [{ name: 'http', port: 80 }] }), { kind: 'ServiceAccount', metadata: { name: 'x', namespace: 'ns' } }];
    const ours = [svc({ app: 'b' }, { type: 'ClusterIP', ports: [{ name: 'http', port: 81 }] })];
    expect(compareManifests(theirs, ours, '1.27.9')).toEqual([
      { object: 'Service ns/a', path: 'metadata.labels.app', istioctl: 'a', ours: 'b' },
      { object: 'Service ns/a', path: 'spec.ports[http].port', istioctl: 80, ours: 81 },
      { object: 'ServiceAccount ns/x', path: '', istioctl: 'present' },
    ]);
  });

  it('tolerates only the install-time labels, and the component/revision labels only where istioctl has none', () => {
    const theirs = [svc({ app: 'a', 'istio.io/rev': 'default' }, {})];
    const ours = [
      svc(
        {
          app: 'a',
          'istio.io/rev': 'canary',
          'operator.istio.io/component': 'Pilot',
          'operator.istio.io/managed': 'Reconcile',
          'operator.istio.io/version': '1.27.9',
        },
        {},
      ),
    ];
    expect(compareManifests(theirs, ours, '1.27.9')).toEqual([
      { object: 'Service ns/a', path: 'metadata.labels.istio.io/rev', istioctl: 'default', ours: 'canary' },
    ]);
  });

  it('reports a reordered named list once, and compares embedded documents as parsed', () => {
    const cm = (mesh: string): JsonObject => ({ kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'ns' }, data: { mesh } });
    expect(compareManifests([cm('a: 1\nb: {c: 2}\n')], [cm('b:\n  c: 2\na: 1\n')], '1.27.9')).toEqual([]);
    expect(compareManifests([cm('a: 1\n')], [cm('a: 2\n')], '1.27.9')).toEqual([{ object: 'ConfigMap ns/istio', path: 'data.mesh>.a', istioctl: 1, ours: 2 }]);
    const env = (names: string[]): JsonObject => ({ kind: 'Pod', metadata: { name: 'p' }, spec: { env: names.map((name) => ({ name })) } });
    expect(compareManifests([env(['A', 'B'])], [env(['B', 'A'])], '1.27.9')).toEqual([
      { object: 'Pod p', path: 'spec.env[*].name (order)', istioctl: ['A', 'B'], ours: ['B', 'A'] },
    ]);
  });
});
