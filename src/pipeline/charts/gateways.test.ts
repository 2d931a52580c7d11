import deepmerge from 'deepmerge';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/json.js';
import type { KubeObject } from '../../api/kube-object.js';
import { loadAssets } from '../../assets/load-assets.js';
import { renderChart } from '../render-chart.js';

const assets = loadAssets();
const chart = assets.charts.get('gateways');

type Kind = 'ingress' | 'egress';
interface GatewayCase {
  kind?: Kind;
  name?: string;
  label?: Record<string, string>;
  ports?: JsonObject[];
  values?: JsonObject;
  namespace?: string;
}

/** Builds the context the planner builds (values contract): Values, Release, Gateway, GatewayKind/Component. */
function renderGateway(c: GatewayCase = {}): KubeObject[] {
  if (!chart) throw new Error('chart gateways not loaded');
  const kind = c.kind ?? 'ingress';
  const root = `istio-${kind}gateway`;
  const Values = deepmerge(chart.values, c.values ?? {}, { arrayMerge: (_, s: unknown[]) => s }) as JsonObject;
  const defaults = (Values.gateways as JsonObject)[root] as JsonObject;
  const Gateway = {
    ...defaults,
    name: c.name ?? root,
    labels: { ...(defaults.labels as JsonObject), ...(c.label ?? {}) },
    ...(c.ports ? { ports: c.ports } : {}),
  };
  const result = renderChart(chart, {
    Values,
    Release: { Name: 'istio', Namespace: c.namespace ?? 'istio-system' },
    IstioVersion: assets.pack.version,
    Gateway,
    GatewayKind: kind,
    GatewayComponent: kind === 'ingress' ? 'IngressGateways' : 'EgressGateways',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function dig(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[key]), value);
}

const ids = (objs: KubeObject[]) => objs.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
const find = (objs: KubeObject[], kind: string) => {
  const obj = objs.find((o) => o.kind === kind);
  if (!obj) throw new Error(`no ${kind} in ${ids(objs).join(', ')}`);
  return obj;
};
const podSpec = (objs: KubeObject[]) => dig(find(objs, 'Deployment'), 'spec', 'template', 'spec');
const proxy = (objs: KubeObject[]) => dig(podSpec(objs), 'containers', 0) as Record<string, unknown>;
const envOf = (objs: KubeObject[]) => proxy(objs).env as { name: string; value?: string }[];
const envValue = (objs: KubeObject[], name: string) => envOf(objs).find((e) => e.name === name)?.value;

/** The GW(name, ns) block of facts §2.3; since Istio 1.28 the PDB only with more than one replica. */
const gwBlock = (name: string, ns: string, hpa: boolean, pdb = false) =>
  [
    ...(pdb ? [`PodDisruptionBudget ${ns}/${name}`] : []),
    `ServiceAccount ${ns}/${name}-service-account`,
    `Role ${ns}/${name}-sds`,
    `RoleBinding ${ns}/${name}-sds`,
    `Service ${ns}/${name}`,
    `Deployment ${ns}/${name}`,
    ...(hpa ? [`HorizontalPodAutoscaler ${ns}/${name}`] : []),
  ].sort();

describe('gateways chart: object sets', () => {
  it.each<{ title: string; c: GatewayCase; want: string[] }>([
    { title: 'default ingress = 6', c: {}, want: gwBlock('istio-ingressgateway', 'istio-system', true) },
    {
      title: 'default ingress scaling from 2 = 7',
      c: { values: { gateways: { 'istio-ingressgateway': { autoscaleMin: 2 } } } },
      want: gwBlock('istio-ingressgateway', 'istio-system', true, true),
    },
    {
      title: 'ingress with 2 fixed replicas = 6',
      c: { values: { gateways: { 'istio-ingressgateway': { autoscaleEnabled: false, replicaCount: 2 } } } },
      want: gwBlock('istio-ingressgateway', 'istio-system', false, true),
    },
    {
      title: 'egress without autoscaling = 5',
      c: { kind: 'egress' as const, values: { gateways: { 'istio-egressgateway': { autoscaleEnabled: false } } } },
      want: gwBlock('istio-egressgateway', 'istio-system', false),
    },
    { title: 'egress default = 6', c: { kind: 'egress' as const }, want: gwBlock('istio-egressgateway', 'istio-system', true) },
    { title: 'named entry in its own namespace', c: { name: 'edge', namespace: 'edge-ns' }, want: gwBlock('edge', 'edge-ns', true) },
  ])('$title', ({ c, want }) => {
    expect(ids(renderGateway(c))).toEqual(want);
  });

  it('drops every PDB when global.defaultPodDisruptionBudget is off', () => {
    const objs = renderGateway({ values: { global: { defaultPodDisruptionBudget: { enabled: false } }, gateways: { 'istio-ingressgateway': { autoscaleMin: 2 } } } });
    expect(ids(objs)).toEqual(gwBlock('istio-ingressgateway', 'istio-system', true).filter((i) => !i.startsWith('PodDisruption')));
  });

  it('renders two disjoint object sets for two gateways of the same kind', () => {
    const a = ids(renderGateway({ name: 'gw-a', label: { app: 'gw-a' } }));
    const b = ids(renderGateway({ name: 'gw-b', label: { app: 'gw-b' } }));
    expect(a).toHaveLength(6);
    expect(a.filter((x) => b.includes(x))).toEqual([]);
  });

  it('omits the Service for customService and swaps the Deployment for an injection template', () => {
    expect(ids(renderGateway({ values: { gateways: { 'istio-ingressgateway': { customService: true } } } }))).not.toContain(
      'Service istio-system/istio-ingressgateway',
    );
    const injected = renderGateway({ values: { gateways: { 'istio-ingressgateway': { injectionTemplate: 'gateway' } } } });
    expect(injected.filter((o) => o.kind === 'Deployment')).toHaveLength(1);
    expect(proxy(injected).image).toBe('auto');
    expect(dig(find(injected, 'Deployment'), 'spec', 'template', 'metadata', 'annotations', 'inject.istio.io/templates')).toBe('gateway');
    expect(dig(find(injected, 'Deployment'), 'spec', 'template', 'metadata', 'labels', 'sidecar.istio.io/inject')).toBe('true');
  });
});

describe('gateways chart: default ingress (facts §3.3)', () => {
  // Two replicas at least, so that the PodDisruptionBudget is rendered too.
  const objs = renderGateway({ values: { gateways: { 'istio-ingressgateway': { autoscaleMin: 2 } } } });
  const L = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

  it('puts every object in the release namespace', () => {
    expect(objs.every((o) => o.metadata.namespace === 'istio-system')).toBe(true);
  });

  it('renders the Service: LoadBalancer, three TCP ports, selector L', () => {
    const svc = find(objs, 'Service');
    expect(dig(svc, 'spec', 'type')).toBe('LoadBalancer');
    expect(dig(svc, 'spec', 'selector')).toEqual(L);
    expect(dig(svc, 'spec', 'ports')).toEqual([
      { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
      { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(dig(svc, 'spec', 'loadBalancerIP')).toBeUndefined();
  });

  it('renders the Deployment without replicas, with the rolling strategy and selector L', () => {
    const dep = find(objs, 'Deployment');
    expect(dig(dep, 'spec', 'replicas')).toBeUndefined();
    expect(dig(dep, 'spec', 'selector', 'matchLabels')).toEqual(L);
    expect(dig(dep, 'spec', 'strategy', 'rollingUpdate')).toEqual({ maxSurge: '100%', maxUnavailable: '25%' });
    expect(dig(podSpec(objs), 'serviceAccountName')).toBe('istio-ingressgateway-service-account');
    expect(dig(podSpec(objs), 'securityContext')).toEqual({ runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true });
    expect(dig(dep, 'spec', 'template', 'metadata', 'annotations')).toEqual({
      'istio.io/rev': 'default',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'prometheus.io/path': '/stats/prometheus',
      'sidecar.istio.io/inject': 'false',
    });
  });

  it('renders the istio-proxy container', () => {
    const c = proxy(objs);
    expect(c.name).toBe('istio-proxy');
    expect(c.image).toBe('docker.io/istio/proxyv2:1.31.0');
    expect(c.args).toEqual([
      'proxy',
      'router',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ]);
    expect(c.ports).toEqual([
      { containerPort: 15021, protocol: 'TCP' },
      { containerPort: 8080, protocol: 'TCP' },
      { containerPort: 8443, protocol: 'TCP' },
      { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
    ]);
    expect(c.readinessProbe).toEqual({
      failureThreshold: 30,
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      initialDelaySeconds: 1,
      periodSeconds: 2,
      successThreshold: 1,
      timeoutSeconds: 1,
    });
    expect(c.livenessProbe).toBeUndefined();
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('renders the env list of facts §3.3 in order', () => {
    expect(envOf(objs).map((e) => e.name)).toEqual([
      'PILOT_CERT_PROVIDER',
      'CA_ADDR',
      'NODE_NAME',
      'POD_NAME',
      'POD_NAMESPACE',
      'INSTANCE_IP',
      'HOST_IP',
      'ISTIO_CPU_LIMIT',
      'SERVICE_ACCOUNT',
      'ISTIO_META_WORKLOAD_NAME',
      'ISTIO_META_OWNER',
      'ISTIO_META_MESH_ID',
      'TRUST_DOMAIN',
      'ISTIO_META_UNPRIVILEGED_POD',
      'ISTIO_META_CLUSTER_ID',
      'ISTIO_META_NODE_NAME',
    ]);
    expect(envValue(objs, 'CA_ADDR')).toBe('istiod.istio-system.svc:15012');
    expect(envValue(objs, 'ISTIO_META_OWNER')).toBe('kubernetes://apis/apps/v1/namespaces/istio-system/deployments/istio-ingressgateway');
    expect(envValue(objs, 'ISTIO_META_CLUSTER_ID')).toBe('Kubernetes');
    expect(envValue(objs, 'ISTIO_META_UNPRIVILEGED_POD')).toBe('true');
  });

  it('mounts the volumes of facts §3.3', () => {
    const volumes = dig(podSpec(objs), 'volumes') as { name: string }[];
    expect(volumes.map((v) => v.name)).toEqual([
      'workload-socket',
      'credential-socket',
      'workload-certs',
      'istiod-ca-cert',
      'podinfo',
      'istio-envoy',
      'istio-data',
      'istio-token',
      'config-volume',
      'ingressgateway-certs',
      'ingressgateway-ca-certs',
    ]);
    expect(volumes.find((v) => v.name === 'config-volume')).toEqual({ name: 'config-volume', configMap: { name: 'istio', optional: true } });
    expect(volumes.find((v) => v.name === 'ingressgateway-ca-certs')).toEqual({
      name: 'ingressgateway-ca-certs',
      secret: { secretName: 'istio-ingressgateway-ca-certs', optional: true },
    });
    const mounts = proxy(objs).volumeMounts as { name: string }[];
    expect(mounts.map((m) => m.name).sort()).toEqual(volumes.map((v) => v.name).sort());
  });

  it('renders HPA 2..5 at 80% cpu, PDB minAvailable 1 on L, SDS role and binding', () => {
    expect(dig(find(objs, 'HorizontalPodAutoscaler'), 'spec')).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-ingressgateway' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(dig(find(objs, 'PodDisruptionBudget'), 'spec')).toEqual({ minAvailable: 1, selector: { matchLabels: L } });
    expect(dig(find(objs, 'Role'), 'rules')).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
    expect(dig(find(objs, 'RoleBinding'), 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'istio-ingressgateway-service-account' }]);
    expect(dig(find(objs, 'RoleBinding'), 'roleRef', 'name')).toBe('istio-ingressgateway-sds');
  });

  it('labels objects per facts §3.5, without Helm or ownership labels', () => {
    const chartLabels = {
      release: 'istio',
      'istio.io/rev': 'default',
      'operator.istio.io/component': 'IngressGateways',
      'app.kubernetes.io/name': 'istio-ingressgateway',
      'app.kubernetes.io/part-of': 'istio',
      'app.kubernetes.io/version': '1.31.0',
    };
    for (const kind of ['Service', 'ServiceAccount', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Deployment']) {
      expect(find(objs, kind).metadata.labels, kind).toMatchObject({ ...L, ...chartLabels });
    }
    for (const kind of ['Role', 'RoleBinding']) expect(find(objs, kind).metadata.labels, kind).toEqual(chartLabels);
    const text = JSON.stringify(objs);
    for (const banned of ['helm.sh/chart', 'managed-by', 'install.operator.istio.io']) expect(text).not.toContain(banned);
  });
});

describe('gateways chart: values', () => {
  it('serves the egress root: ClusterIP, two ports, egress secrets and component', () => {
    const objs = renderGateway({ kind: 'egress' });
    expect(dig(find(objs, 'Service'), 'spec', 'type')).toBe('ClusterIP');
    expect((dig(find(objs, 'Service'), 'spec', 'ports') as { port: number }[]).map((p) => p.port)).toEqual([80, 443]);
    expect((proxy(objs).ports as { containerPort: number }[]).map((p) => p.containerPort)).toEqual([8080, 8443, 15090]);
    expect(dig(proxy(objs), 'readinessProbe', 'httpGet', 'port')).toBe(15021);
    const secrets = (dig(podSpec(objs), 'volumes') as { secret?: { secretName: string } }[]).flatMap((v) => (v.secret ? [v.secret.secretName] : []));
    expect(secrets).toEqual(['istio-egressgateway-certs', 'istio-egressgateway-ca-certs']);
    expect(find(objs, 'Deployment').metadata.labels).toMatchObject({
      app: 'istio-egressgateway',
      istio: 'egressgateway',
      'operator.istio.io/component': 'EgressGateways',
      'app.kubernetes.io/name': 'istio-egressgateway',
    });
  });

  it('takes the demo profile ingress ports (facts §2.2)', () => {
    const ports = [
      { name: 'status-port', port: 15021, targetPort: 15021 },
      { name: 'http2', port: 80, targetPort: 8080 },
      { name: 'https', port: 443, targetPort: 8443 },
      { name: 'tcp', port: 31400, targetPort: 31400 },
      { name: 'tls', port: 15443, targetPort: 15443 },
    ];
    const objs = renderGateway({ ports });
    expect(dig(find(objs, 'Service'), 'spec', 'ports')).toEqual(ports);
    expect(proxy(objs).ports).toEqual([
      ...[15021, 8080, 8443, 31400, 15443].map((containerPort) => ({ containerPort, protocol: 'TCP' })),
      { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
    ]);
  });

  it('falls back to the service port when a port has no targetPort', () => {
    const objs = renderGateway({ ports: [{ name: 'tcp', port: 9000, protocol: 'UDP' }] });
    expect(dig(proxy(objs), 'ports', 0)).toEqual({ containerPort: 9000, protocol: 'UDP' });
  });

  it.each(['NodePort', 'ClusterIP', 'LoadBalancer'])('sets service type %s', (type) => {
    const objs = renderGateway({ values: { gateways: { 'istio-ingressgateway': { type } } } });
    expect(dig(find(objs, 'Service'), 'spec', 'type')).toBe(type);
  });

  it('merges custom labels into every selector and label set', () => {
    const objs = renderGateway({ name: 'edge', label: { app: 'edge', team: 'net' }, values: { gateways: { 'istio-ingressgateway': { autoscaleMin: 2 } } } });
    const L = { app: 'edge', istio: 'ingressgateway', team: 'net' };
    expect(dig(find(objs, 'Deployment'), 'spec', 'selector', 'matchLabels')).toEqual(L);
    expect(dig(find(objs, 'Service'), 'spec', 'selector')).toEqual(L);
    expect(dig(find(objs, 'PodDisruptionBudget'), 'spec', 'selector', 'matchLabels')).toEqual(L);
    expect(dig(find(objs, 'Deployment'), 'spec', 'template', 'metadata', 'labels')).toMatchObject({
      ...L,
      'service.istio.io/canonical-name': 'edge',
      'service.istio.io/canonical-revision': 'latest',
    });
    expect(find(objs, 'ServiceAccount').metadata.labels).toMatchObject(L);
  });

  it('derives the canonical revision from a version label', () => {
    const objs = renderGateway({ label: { version: 'v2' } });
    expect(dig(find(objs, 'Deployment'), 'spec', 'template', 'metadata', 'labels', 'service.istio.io/canonical-revision')).toBe('v2');
  });

  it('follows revision canary: CA_ADDR, istio.io/rev and the mesh ConfigMap', () => {
    const objs = renderGateway({ values: { revision: 'canary' } });
    expect(envValue(objs, 'CA_ADDR')).toBe('istiod-canary.istio-system.svc:15012');
    for (const o of objs) expect(o.metadata.labels?.['istio.io/rev'], o.kind).toBe('canary');
    const dep = find(objs, 'Deployment');
    expect(dig(dep, 'spec', 'template', 'metadata', 'labels', 'istio.io/rev')).toBe('canary');
    expect(dig(dep, 'spec', 'template', 'metadata', 'annotations', 'istio.io/rev')).toBe('canary');
    expect((dig(podSpec(objs), 'volumes') as { name: string; configMap?: { name: string } }[]).find((v) => v.name === 'config-volume')?.configMap?.name).toBe(
      'istio-canary',
    );
  });

  it('follows global.istioNamespace and global.caAddress in CA_ADDR', () => {
    expect(envValue(renderGateway({ values: { global: { istioNamespace: 'istio-control' } } }), 'CA_ADDR')).toBe('istiod.istio-control.svc:15012');
    expect(envValue(renderGateway({ values: { global: { caAddress: 'ca.example:443' } } }), 'CA_ADDR')).toBe('ca.example:443');
  });

  it('prints replicas only with autoscaling off and replicaCount set', () => {
    const replicas = (gw: JsonObject) => dig(find(renderGateway({ values: { gateways: { 'istio-ingressgateway': gw } } }), 'Deployment'), 'spec', 'replicas');
    expect(replicas({ autoscaleEnabled: false })).toBeUndefined();
    expect(replicas({ autoscaleEnabled: false, replicaCount: 3 })).toBe(3);
    expect(replicas({ autoscaleEnabled: false, replicaCount: 0 })).toBe(0);
    expect(replicas({ autoscaleEnabled: true, replicaCount: 3 })).toBeUndefined();
  });

  it('builds the image from hub, tag and variant', () => {
    const image = (global: JsonObject) => proxy(renderGateway({ values: { global } })).image;
    expect(image({ hub: 'reg.local/istio', tag: '1.31.0' })).toBe('reg.local/istio/proxyv2:1.31.0');
    expect(image({ variant: 'distroless' })).toBe('docker.io/istio/proxyv2:1.31.0-distroless');
    // A per-entry tag applies, a per-entry hub does not: istioctl 1.27 reads only global.hub here.
    const perEntry = { gateways: { 'istio-ingressgateway': { hub: 'gw.local', tag: 'dev' } } };
    expect(proxy(renderGateway({ values: perEntry })).image).toBe('docker.io/istio/proxyv2:dev');
    expect(image({ proxy: { image: 'reg.local/own-proxy:7' } })).toBe('reg.local/own-proxy:7');
  });

  it('appends gateway env and proxyMetadata before the cluster id, as strings', () => {
    const objs = renderGateway({
      values: {
        gateways: { 'istio-ingressgateway': { env: { ISTIO_META_ROUTER_MODE: 'standard', FLAG: true } } },
        meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } } },
      },
    });
    const names = envOf(objs).map((e) => e.name);
    expect(names.slice(-5)).toEqual(['ISTIO_META_ROUTER_MODE', 'FLAG', 'ISTIO_META_DNS_CAPTURE', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_NODE_NAME']);
    expect(envValue(objs, 'FLAG')).toBe('true');
  });

  it('drops the pod securityContext and the unprivileged flag for runAsRoot', () => {
    const objs = renderGateway({ values: { gateways: { 'istio-ingressgateway': { runAsRoot: true } } } });
    expect(dig(podSpec(objs), 'securityContext')).toBeUndefined();
    expect(envValue(objs, 'ISTIO_META_UNPRIVILEGED_POD')).toBeUndefined();
    expect(dig(proxy(objs), 'securityContext', 'capabilities', 'add')).toEqual(['NET_BIND_SERVICE']);
  });

  it('passes optional service, account and scheduling settings through', () => {
    const objs = renderGateway({
      values: {
        global: { imagePullSecrets: ['pull-me'] },
        gateways: {
          'istio-ingressgateway': {
            loadBalancerIP: '10.0.0.9',
            loadBalancerSourceRanges: ['10.0.0.0/8'],
            externalTrafficPolicy: 'Local',
            ipFamilyPolicy: 'PreferDualStack',
            ipFamilies: ['IPv4', 'IPv6'],
            serviceAnnotations: { 'lb.example/internal': 'yes' },
            serviceAccount: { annotations: { 'iam.example/role': 'gw' } },
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ key: 'dedicated', operator: 'Exists' }],
            podAnnotations: { 'example/extra': 'on' },
          },
        },
      },
    });
    const svc = find(objs, 'Service');
    expect(dig(svc, 'spec')).toMatchObject({
      loadBalancerIP: '10.0.0.9',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      externalTrafficPolicy: 'Local',
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv4', 'IPv6'],
    });
    expect(svc.metadata.annotations).toEqual({ 'lb.example/internal': 'yes' });
    const sa = find(objs, 'ServiceAccount');
    expect(sa.metadata.annotations).toEqual({ 'iam.example/role': 'gw' });
    expect(sa.imagePullSecrets).toEqual([{ name: 'pull-me' }]);
    // values.gateways.<gw>.nodeSelector becomes a required node affinity (istioctl 1.27), not a nodeSelector.
    expect(dig(podSpec(objs), 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution')).toEqual({
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }],
    });
    expect(dig(podSpec(objs), 'tolerations')).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
    expect(dig(find(objs, 'Deployment'), 'spec', 'template', 'metadata', 'annotations', 'example/extra')).toBe('on');
  });

  it('leaves empty optional settings out', () => {
    const objs = renderGateway();
    expect(find(objs, 'Service').metadata.annotations).toBeUndefined();
    expect(find(objs, 'ServiceAccount').metadata.annotations).toBeUndefined();
    expect(find(objs, 'ServiceAccount').imagePullSecrets).toBeUndefined();
    expect(dig(podSpec(objs), 'nodeSelector')).toBeUndefined();
    expect(dig(podSpec(objs), 'tolerations')).toBeUndefined();
  });
});
