import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { buildInventory, buildObjectFacts, inventoryKey, parseKubeObjects } from './parity-inventory.js';

const deployment = (container: Record<string, unknown>): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'istiod',
      namespace: 'istio-system',
      labels: { app: 'istiod', 'helm.sh/chart': 'x', 'install.operator.istio.io/owning-resource': 'unknown' },
    },
    spec: {
      selector: { matchLabels: { istio: 'pilot' } },
      template: { metadata: { labels: { app: 'istiod', istio: 'pilot', other: 'x' } }, spec: { containers: [container] } },
    },
  }) as unknown as KubeObject;

describe('buildObjectFacts', () => {
  it('keeps only the compared labels and reads workload facts', () => {
    const facts = buildObjectFacts(deployment({ name: 'discovery', image: 'pilot', ports: [{ containerPort: 8080, name: 'http' }] }));
    expect(facts).toEqual({
      'labels.app': 'istiod',
      selector: { istio: 'pilot' },
      'podLabels.app': 'istiod',
      'podLabels.istio': 'pilot',
      'containers.discovery.image': 'pilot',
      'containers.discovery.ports': ['8080/TCP http'],
    });
  });

  it.each([
    ['env order', [{ name: 'B', value: '2' }, { name: 'A', value: '1' }], [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]],
    [
      'fieldRef apiVersion default',
      [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      [{ name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
    ],
  ])('treats %s as no difference', (_what, envA, envB) => {
    const a = buildObjectFacts(deployment({ name: 'c', env: envA }));
    const b = buildObjectFacts(deployment({ name: 'c', env: envB }));
    expect(a).toEqual(b);
  });

  it('fills probe defaults the API server would set', () => {
    const facts = buildObjectFacts(deployment({ name: 'c', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }));
    expect(facts['containers.c.readinessProbe']).toEqual({
      failureThreshold: 3,
      httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    });
  });

  it('compares RBAC rules as effective grants, however they are grouped', () => {
    const role = (rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules }) as unknown as KubeObject;
    const merged = role([{ apiGroups: [''], resources: ['services', 'secrets'], verbs: ['get', 'list'] }]);
    const split = role([
      { apiGroups: [''], resources: ['secrets'], verbs: ['list', 'get'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
      { apiGroups: [''], resources: ['services'], verbs: ['list'] },
    ]);
    expect(buildObjectFacts(merged).rules).toEqual(['core/secrets: get,list', 'core/services: get,list']);
    expect(buildObjectFacts(split)).toEqual(buildObjectFacts(merged));
  });

  it('reads the injector config without template text', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' },
      data: { config: 'policy: enabled\ntemplate: "{{ x }}"\ntemplates:\n  sidecar: "text"\n  gateway: "text"\n' },
    } as unknown as KubeObject;
    expect(buildObjectFacts(cm)).toEqual({
      keys: ['config'],
      'data.config': { policy: 'enabled', templateNames: ['gateway', 'sidecar'] },
    });
  });
});

describe('buildInventory', () => {
  it('keys objects by kind, namespace and name, sorted, skipping non-objects', () => {
    const objects = parseKubeObjects([
      null,
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'b', namespace: 'ns' } },
      { apiVersion: 'v1', kind: 'ClusterRole', metadata: { name: 'a' }, rules: [] },
      'text',
    ]);
    expect(objects.map(inventoryKey)).toEqual(['ServiceAccount ns/b', 'ClusterRole a']);
    expect(Object.keys(buildInventory(objects))).toEqual(['ClusterRole a', 'ServiceAccount ns/b']);
  });
});
