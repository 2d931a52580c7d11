import deepmerge from 'deepmerge';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/json.js';
import type { KubeObject } from '../../api/kube-object.js';
import { loadAssets } from '../../assets/load-assets.js';
import { renderChart } from '../render-chart.js';

const assets = loadAssets();
const NS = 'observability';

function renderAddon(name: string, overrides: JsonObject = {}): KubeObject[] {
  const chart = assets.charts.get(name);
  if (!chart) throw new Error(`chart ${name} not loaded`);
  const Values = deepmerge(chart.values, overrides, { arrayMerge: (_, s: unknown[]) => s }) as JsonObject;
  const result = renderChart(chart, { Values, Release: { Name: 'istio', Namespace: NS } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function dig(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[key]), value);
}

const ids = (objs: KubeObject[]) => objs.map((o) => `${o.kind} ${o.metadata.name}`).sort();
const get = (objs: KubeObject[], kind: string, name: string) => {
  const obj = objs.find((o) => o.kind === kind && o.metadata.name === name);
  if (!obj) throw new Error(`no ${kind} ${name} in ${ids(objs).join(', ')}`);
  return obj;
};
const ports = (svc: KubeObject) => (dig(svc, 'spec', 'ports') as { name: string; port: number; targetPort: number }[]).map((p) => `${p.name} ${p.port}->${p.targetPort}`);
const containers = (objs: KubeObject[], name: string) => dig(get(objs, 'Deployment', name), 'spec', 'template', 'spec', 'containers') as Record<string, unknown>[];
const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding']);

describe.each([
  {
    addon: 'prometheus',
    objects: ['ClusterRole prometheus', 'ClusterRoleBinding prometheus', 'ConfigMap prometheus', 'Deployment prometheus', 'Service prometheus', 'ServiceAccount prometheus'],
    services: { prometheus: ['http 9090->9090'] },
    images: ['ghcr.io/prometheus-operator/prometheus-config-reloader:v0.83.0', 'docker.io/prom/prometheus:v3.4.2'],
  },
  {
    addon: 'grafana',
    objects: ['ConfigMap grafana', 'ConfigMap istio-grafana-dashboards', 'Deployment grafana', 'Service grafana', 'ServiceAccount grafana'],
    services: { grafana: ['service 3000->3000'] },
    images: ['docker.io/grafana/grafana:12.0.1'],
  },
  {
    addon: 'kiali',
    objects: ['ClusterRole kiali', 'ClusterRoleBinding kiali', 'ConfigMap kiali', 'Deployment kiali', 'Service kiali', 'ServiceAccount kiali'],
    services: { kiali: ['http 20001->20001', 'http-metrics 9090->9090'] },
    images: ['quay.io/kiali/kiali:v2.12'],
  },
  {
    addon: 'jaeger',
    objects: ['Deployment jaeger', 'Service jaeger-collector', 'Service tracing', 'Service zipkin'],
    services: {
      tracing: ['http-query 80->16686', 'grpc-query 16685->16685'],
      zipkin: ['http-query 9411->9411'],
      'jaeger-collector': [
        'jaeger-collector-http 14268->14268',
        'jaeger-collector-grpc 14250->14250',
        'http-zipkin 9411->9411',
        'grpc-otel 4317->4317',
        'http-otel 4318->4318',
      ],
    },
    images: ['docker.io/jaegertracing/all-in-one:1.70.0'],
  },
])('addon $addon', ({ addon, objects, services, images }) => {
  const objs = renderAddon(addon);

  it('renders the object list of facts §4', () => {
    expect(ids(objs)).toEqual(objects);
  });

  it('puts namespaced objects in the component namespace and cluster RBAC nowhere', () => {
    for (const o of objs) expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(CLUSTER_SCOPED.has(o.kind) ? undefined : NS);
  });

  it('labels every object app.kubernetes.io/name and part-of istio, without ownership labels', () => {
    for (const o of objs) {
      expect(o.metadata.labels, `${o.kind} ${o.metadata.name}`).toMatchObject({
        app: addon,
        'app.kubernetes.io/name': addon,
        'app.kubernetes.io/part-of': 'istio',
      });
    }
    expect(JSON.stringify(objs)).not.toContain('install.operator.istio.io');
  });

  it('exposes the service ports of facts §4, selecting the workload by app', () => {
    for (const [name, want] of Object.entries(services)) {
      const svc = get(objs, 'Service', name);
      expect(ports(svc), name).toEqual(want);
      expect(dig(svc, 'spec', 'selector')).toEqual({ app: addon });
    }
  });

  it('selects its pods by the stable app label and opts them out of injection', () => {
    const dep = get(objs, 'Deployment', addon);
    expect(dig(dep, 'spec', 'selector', 'matchLabels')).toEqual({ app: addon });
    expect(dig(dep, 'spec', 'template', 'metadata', 'labels')).toMatchObject({ app: addon, 'sidecar.istio.io/inject': 'false' });
  });

  it('pins the images of facts §4', () => {
    expect(containers(objs, addon).map((c) => c.image)).toEqual(images);
  });

  it('takes its image from the values key named after the addon', () => {
    const changed = renderAddon(addon, { [addon]: { image: 'registry.local/mirror:1' } });
    expect(containers(changed, addon).map((c) => c.image)).toEqual([...images.slice(0, -1), 'registry.local/mirror:1']);
  });
});

describe('addon details', () => {
  it('prometheus: config, retention, probes and RBAC binding', () => {
    const objs = renderAddon('prometheus');
    const config = yaml.load(String(dig(get(objs, 'ConfigMap', 'prometheus'), 'data', 'prometheus.yml'))) as JsonObject;
    expect(dig(config, 'global', 'scrape_interval')).toBe('15s');
    const jobs = (config.scrape_configs as JsonObject[]).map((j) => j.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['kubernetes-apiservers', 'kubernetes-pods', 'kubernetes-service-endpoints']));
    const podJob = (config.scrape_configs as JsonObject[]).find((j) => j.job_name === 'kubernetes-pods');
    const sources = JSON.stringify(podJob?.relabel_configs);
    for (const a of ['prometheus_io_scrape', 'prometheus_io_port', 'prometheus_io_path']) expect(sources).toContain(a);
    const [reloader, server] = containers(objs, 'prometheus');
    expect(reloader?.name).toBe('prometheus-server-configmap-reload');
    expect(server?.args).toContain('--storage.tsdb.retention.time=15d');
    expect(server?.args).toContain('--config.file=/etc/config/prometheus.yml');
    expect(dig(server, 'readinessProbe', 'httpGet', 'path')).toBe('/-/ready');
    expect(dig(server, 'livenessProbe', 'httpGet', 'path')).toBe('/-/healthy');
    expect(dig(get(objs, 'ClusterRoleBinding', 'prometheus'), 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: NS }]);
    expect(containers(renderAddon('prometheus', { prometheus: { retention: '2d' } }), 'prometheus')[1]?.args).toContain('--storage.tsdb.retention.time=2d');
  });

  it('grafana: anonymous admin, prometheus datasource, dashboard provider and a valid dashboard', () => {
    const objs = renderAddon('grafana');
    const data = dig(get(objs, 'ConfigMap', 'grafana'), 'data') as Record<string, string>;
    expect(data['grafana.ini']).toMatch(/\[auth\.anonymous\]\nenabled = true\norg_role = Admin/);
    const ds = yaml.load(data['datasources.yaml'] ?? '') as JsonObject;
    expect(dig(ds, 'datasources', 0, 'url')).toBe('http://prometheus:9090');
    const providers = yaml.load(data['dashboardproviders.yaml'] ?? '') as JsonObject;
    expect(dig(providers, 'providers', 0, 'options', 'path')).toBe('/var/lib/grafana/dashboards/istio');
    const dashboards = dig(get(objs, 'ConfigMap', 'istio-grafana-dashboards'), 'data') as Record<string, string>;
    const board = JSON.parse(dashboards['istio-overview.json'] ?? '') as JsonObject;
    expect((board.panels as JsonObject[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(board)).toContain('{{type}}');
    const [c] = containers(objs, 'grafana');
    expect(dig(c, 'readinessProbe', 'httpGet', 'path')).toBe('/api/health');
    expect(dig(c, 'livenessProbe', 'httpGet', 'path')).toBe('/api/health');
  });

  it('kiali: anonymous config with web root, istio namespace and prometheus URL', () => {
    const objs = renderAddon('kiali', { global: { istioNamespace: 'istio-control' } });
    const config = yaml.load(String(dig(get(objs, 'ConfigMap', 'kiali'), 'data', 'config.yaml'))) as JsonObject;
    expect(dig(config, 'auth', 'strategy')).toBe('anonymous');
    expect(dig(config, 'server', 'web_root')).toBe('/kiali');
    expect(config.istio_namespace).toBe('istio-control');
    expect(dig(config, 'external_services', 'prometheus', 'url')).toBe(`http://prometheus.${NS}:9090`);
    const [c] = containers(objs, 'kiali');
    expect(dig(c, 'readinessProbe', 'httpGet', 'path')).toBe('/kiali/healthz');
    expect(dig(c, 'livenessProbe', 'httpGet', 'path')).toBe('/kiali/healthz');
  });

  it('kiali: the ClusterRole never grants everything and only reads outside two subresources', () => {
    const rules = dig(get(renderAddon('kiali'), 'ClusterRole', 'kiali'), 'rules') as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    for (const r of rules) {
      expect(r.apiGroups).not.toContain('*');
      expect(r.verbs).not.toContain('*');
      const writes = r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v));
      if (writes.length > 0) expect(r.resources.every((res) => ['pods/portforward', 'selfsubjectaccessreviews'].includes(res))).toBe(true);
    }
  });

  it('jaeger: zipkin intake, base path and admin-port probes', () => {
    const [c] = containers(renderAddon('jaeger'), 'jaeger');
    const env = Object.fromEntries((c?.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ COLLECTOR_ZIPKIN_HOST_PORT: ':9411', QUERY_BASE_PATH: '/jaeger', MEMORY_MAX_TRACES: '50000' });
    expect(dig(c, 'readinessProbe', 'httpGet')).toEqual({ path: '/', port: 14269 });
    expect(dig(c, 'livenessProbe', 'httpGet')).toEqual({ path: '/', port: 14269 });
    expect(dig(c, 'resources', 'requests', 'cpu')).toBe('10m');
  });
});
