import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ComponentNames } from '../api/components.js';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { serializeByComponent, serializeManifest } from './serialize-manifest.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' }, annotations: { a: 'b' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.27.9' }] } } },
};
const tricky: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'tricky', namespace: 'istio-system' },
  data: { yes: 'yes', octal: '0777', colon: 'a: b', hash: '# x', star: '*x', multi: 'line1\nline2\n', version: '1.27', empty: '', uni: 'ünï', on: 'on', nul: 'null' },
};

/** Rebuilds a value with keys inserted in reverse order at every level. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
}

describe('serializeManifest', () => {
  it('puts apiVersion, kind, metadata first and identity keys first in metadata', () => {
    expect(serializeManifest([reversedKeys(deployment)])).toBe(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: istiod',
        '  namespace: istio-system',
        '  labels:',
        '    app: istiod',
        '  annotations:',
        '    a: b',
        'spec:',
        '  replicas: 1',
        '  template:',
        '    spec:',
        '      containers:',
        '        - image: docker.io/istio/pilot:1.27.9',
        '          name: discovery',
        '',
      ].join('\n'),
    );
  });

  it('is byte-identical whatever the key order, separates documents and ends with a newline', () => {
    const a = serializeManifest([deployment, tricky]);
    expect(serializeManifest([reversedKeys(deployment), reversedKeys(tricky)])).toBe(a);
    expect(a.split('\n---\n')).toHaveLength(2);
    expect(a.endsWith('\n')).toBe(true);
    expect(serializeManifest([])).toBe('');
  });

  it('round-trips strings that YAML would mis-type', () => {
    const text = serializeManifest([tricky]);
    expect(yaml.load(text)).toEqual(tricky);
    expect(text).toContain(`octal: '0777'`);
    expect(text).toContain(`'yes': 'yes'`);
  });

  it('drops undefined fields instead of failing', () => {
    const withHole = { ...deployment, status: undefined } as unknown as KubeObject;
    expect(serializeManifest([withHole])).toBe(serializeManifest([deployment]));
  });
});

describe('serializeByComponent', () => {
  it('writes one file per instance, objects in apply order, paths sorted', () => {
    const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istiod', namespace: 'istio-system' } };
    const files = serializeByComponent([
      { component: ComponentNames.ingressGateways, instance: 'istio-ingressgateway', namespace: 'istio-system', objects: [tricky] },
      { component: ComponentNames.pilot, instance: 'istiod', namespace: 'istio-system', objects: [deployment, sa] },
      { component: ComponentNames.base, instance: '../escape', namespace: 'istio-system', objects: [] },
    ]);
    expect([...files.keys()]).toEqual(['Base/__escape.yaml', 'IngressGateways/istio-ingressgateway.yaml', 'Pilot/istiod.yaml']);
    const pilot = yaml.loadAll(files.get('Pilot/istiod.yaml') ?? '') as JsonObject[];
    expect(pilot.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment']);
  });

  it('gives identical files for shuffled objects with shuffled keys', () => {
    const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istiod', namespace: 'istio-system' } };
    const render = (objects: KubeObject[]) => serializeByComponent([{ component: ComponentNames.pilot, instance: 'istiod', namespace: 'istio-system', objects }]);
    expect(render([reversedKeys(tricky), reversedKeys(deployment), sa])).toEqual(render([sa, deployment, tricky]));
  });
});
