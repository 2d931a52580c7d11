import { describe, expect, it } from 'vitest';
import { ComponentNames, type ComponentName } from '../api/components.js';
import type { K8sSettings } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { applyK8sSettings, resolveTargetName } from './apply-k8s-settings.js';
import type { ComponentPlan } from './types.js';

function deployment(name: string, containers: JsonObject[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'istio-system' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name }, annotations: { 'prometheus.io/scrape': 'true' } }, spec: { containers } },
    },
  };
}

const discovery: JsonObject = {
  name: 'discovery',
  args: ['discovery', '--keepaliveMaxServerConnectionAge', '30m'],
  env: [{ name: 'REVISION', value: 'default' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
  resources: { requests: { cpu: '500m', memory: '2048Mi' }, limits: { cpu: '2' } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3 },
};

function pilotObjects(name = 'istiod'): KubeObject[] {
  return [
    deployment(name, [{ name: 'sidecar' }, discovery]),
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'istio-system' }, spec: { ports: [{ name: 'grpc-xds', port: 15010, protocol: 'TCP' }], selector: { app: 'istiod' } } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource' }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'istiod' } } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio' }, data: {} },
  ];
}

function plan(k8s: K8sSettings, component: ComponentName = ComponentNames.pilot, instance = 'istiod', revision = ''): ComponentPlan {
  return { component, instance, chart: 'istio-discovery', namespace: 'istio-system', values: { revision }, k8s };
}

const find = (objs: KubeObject[], kind: string): JsonObject => objs.find((o) => o.kind === kind) as unknown as JsonObject;
const at = (o: JsonObject, path: string): unknown => path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], o);
const mainContainer = (objs: KubeObject[]): JsonObject => (at(find(objs, 'Deployment'), 'spec.template.spec.containers') as JsonObject[])[1] as JsonObject;

describe('applyK8sSettings', () => {
  const cases: { name: string; k8s: K8sSettings; kind: string; path: string; want: unknown }[] = [
    { name: 'replicaCount is left to the rendered HPA', k8s: { replicaCount: 3 }, kind: 'Deployment', path: 'spec.replicas', want: 1 },
    { name: 'strategy replaces', k8s: { strategy: { type: 'Recreate' } }, kind: 'Deployment', path: 'spec.strategy', want: { type: 'Recreate' } },
    { name: 'nodeSelector replaces', k8s: { nodeSelector: { zone: 'a' } }, kind: 'Deployment', path: 'spec.template.spec.nodeSelector', want: { zone: 'a' } },
    { name: 'tolerations replace', k8s: { tolerations: [{ key: 'k', operator: 'Exists' }] }, kind: 'Deployment', path: 'spec.template.spec.tolerations', want: [{ key: 'k', operator: 'Exists' }] },
    { name: 'affinity replaces', k8s: { affinity: { podAntiAffinity: {} } }, kind: 'Deployment', path: 'spec.template.spec.affinity', want: { podAntiAffinity: {} } },
    { name: 'priorityClassName', k8s: { priorityClassName: 'high' }, kind: 'Deployment', path: 'spec.template.spec.priorityClassName', want: 'high' },
    { name: 'pod securityContext', k8s: { securityContext: { runAsUser: 1337 } }, kind: 'Deployment', path: 'spec.template.spec.securityContext', want: { runAsUser: 1337 } },
    {
      name: 'podAnnotations merge', k8s: { podAnnotations: { a: 'b' } }, kind: 'Deployment', path: 'spec.template.metadata.annotations',
      want: { 'prometheus.io/scrape': 'true', a: 'b' },
    },
    { name: 'serviceAnnotations merge', k8s: { serviceAnnotations: { x: 'y' } }, kind: 'Service', path: 'metadata.annotations', want: { x: 'y' } },
    {
      name: 'service merges, ports by number', k8s: { service: { type: 'NodePort', ports: [{ port: 15010, nodePort: 30010 }, { port: 443, name: 'https' }] } },
      kind: 'Service', path: 'spec',
      want: { type: 'NodePort', selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15010, protocol: 'TCP', nodePort: 30010 }, { port: 443, name: 'https' }] },
    },
    {
      name: 'hpaSpec overrides min/max and replaces metrics', k8s: { hpaSpec: { maxReplicas: 9, metrics: [{ type: 'Pods' }] } },
      kind: 'HorizontalPodAutoscaler', path: 'spec', want: { minReplicas: 1, maxReplicas: 9, metrics: [{ type: 'Pods' }] },
    },
    {
      name: 'PDB with both min and max drops minAvailable', k8s: { podDisruptionBudget: { maxUnavailable: 1 } },
      kind: 'PodDisruptionBudget', path: 'spec', want: { maxUnavailable: 1, selector: { matchLabels: { app: 'istiod' } } },
    },
    { name: 'PDB minAvailable override', k8s: { podDisruptionBudget: { minAvailable: 2 } }, kind: 'PodDisruptionBudget', path: 'spec.minAvailable', want: 2 },
  ];
  it.each(cases)('$name', ({ k8s, kind, path, want }) => {
    const input = pilotObjects();
    const snapshot = structuredClone(input);
    const out = applyK8sSettings(input, plan(k8s));
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(at(find(out.value, kind), path)).toEqual(want);
    expect(input).toEqual(snapshot);
  });

  it('patches the main container (discovery), not the first one', () => {
    const out = applyK8sSettings(pilotObjects(), plan({
      env: [{ name: 'POD_NAME', value: 'fixed' }, { name: 'NEW', value: '1' }],
      resources: { requests: { cpu: '1' } },
      imagePullPolicy: 'Always',
      readinessProbe: { periodSeconds: 10 },
    }));
    if (!out.ok) throw new Error('failed');
    const c = mainContainer(out.value);
    // Strategic-merge order, as istioctl: the patch's items first, then the chart's others.
    expect(c.env).toEqual([{ name: 'POD_NAME', value: 'fixed' }, { name: 'NEW', value: '1' }, { name: 'REVISION', value: 'default' }]);
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '2048Mi' }, limits: { cpu: '2' } });
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 10 });
    expect((at(find(out.value, 'Deployment'), 'spec.template.spec.containers') as JsonObject[])[0]).toEqual({ name: 'sidecar' });
  });

  it('merges the probe into the chart probe, as a strategic merge patch does (istioctl)', () => {
    const out = applyK8sSettings(pilotObjects(), plan({ readinessProbe: { httpGet: { path: '/other' }, periodSeconds: 5 } }));
    expect(out.ok && mainContainer(out.value).readinessProbe).toEqual({ httpGet: { path: '/other', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 5 });
  });

  it('ignores service.ports for gateways (they were chart values)', () => {
    const objs = pilotObjects('istio-ingressgateway');
    const out = applyK8sSettings(objs, plan({ service: { type: 'ClusterIP', ports: [{ port: 1, name: 'x' }] } }, ComponentNames.ingressGateways, 'istio-ingressgateway'));
    if (!out.ok) throw new Error('failed');
    expect(at(find(out.value, 'Service'), 'spec.ports')).toEqual([{ name: 'grpc-xds', port: 15010, protocol: 'TCP' }]);
    expect(at(find(out.value, 'Service'), 'spec.type')).toBe('ClusterIP');
  });

  it('targets istiod-<revision> for a revisioned Pilot', () => {
    expect(resolveTargetName(plan({}, ComponentNames.pilot, 'istiod', 'canary'))).toBe('istiod-canary');
    expect(resolveTargetName(plan({}, ComponentNames.ingressGateways, 'gw', 'canary'))).toBe('gw');
    const withoutHpa = pilotObjects('istiod-canary').filter((o) => o.kind !== 'HorizontalPodAutoscaler');
    const out = applyK8sSettings(withoutHpa, plan({ replicaCount: 4 }, ComponentNames.pilot, 'istiod', 'canary'));
    expect(out.ok && at(find(out.value, 'Deployment'), 'spec.replicas')).toBe(4);
  });

  it('skips targets that were not rendered and leaves other objects alone', () => {
    const input = pilotObjects().filter((o) => o.kind !== 'HorizontalPodAutoscaler');
    const out = applyK8sSettings(input, plan({ hpaSpec: { maxReplicas: 9 }, volumes: [{ name: 'v' }] }));
    expect(out.ok && out.value).toEqual(input);
    const none = applyK8sSettings([], plan({ replicaCount: 2 }));
    expect(none.ok && none.value).toEqual([]);
    const other = applyK8sSettings(pilotObjects(), plan({ replicaCount: 2 }, ComponentNames.pilot, 'other'));
    expect(other.ok && other.value).toEqual(pilotObjects());
  });

  it('reports badly typed settings with their path', () => {
    const out = applyK8sSettings(pilotObjects(), plan({ replicaCount: -1, env: [{ value: 'x' }], nodeSelector: 'x' } as unknown as K8sSettings));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.errors.map((e) => e.path)).toEqual([
      'spec.components.pilot.k8s.nodeSelector',
      'spec.components.pilot.k8s.replicaCount',
      'spec.components.pilot.k8s.env[0]',
    ]);
  });
});
