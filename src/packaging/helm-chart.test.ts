import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../api/json.js';
import { packageRoot } from '../assets/load-assets.js';
import { OWNED_KINDS } from '../kube/owned-kinds.js';
import { collectDefaultRoleNames, collectRenderedKinds } from '../kube/rendered-kinds-test-support.js';

// Renders charts/istio-operator with a helm built from Go modules (e2e/tools/build-helm.sh). The
// first build takes minutes and is cached; a failed build fails these tests, naming its log.

const root = packageRoot();
const chartDir = path.join(root, 'charts', 'istio-operator');
const RELEASE_NS = 'istio-operator';
const BUILD_TIMEOUT_MS = 30 * 60_000;
let helmBin = '';
let buildError = '';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface Obj extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

function runHelm(args: string[]): string {
  // Every test fails (none is skipped) when helm could not be built.
  if (!helmBin) throw new Error(buildError || 'helm was not built');
  const res = spawnSync(helmBin, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`helm ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  return res.stdout;
}

function renderChart(...sets: string[]): Obj[] {
  const out = runHelm(['template', 'istio-operator', chartDir, '--namespace', RELEASE_NS, ...sets.flatMap((s) => ['--set', s])]);
  return yaml.loadAll(out).filter((d): d is Obj => isJsonObject(d as JsonObject));
}

const find = (objs: Obj[], kind: string): Obj[] => objs.filter((o) => o.kind === kind);
const one = (objs: Obj[], kind: string): Obj => {
  const found = find(objs, kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Obj;
};
const container = (objs: Obj[]): JsonObject => {
  const spec = (one(objs, 'Deployment').spec as JsonObject).template as JsonObject;
  return ((spec.spec as JsonObject).containers as JsonObject[])[0] as JsonObject;
};
const rulesOf = (obj: Obj): Rule[] => (obj.rules ?? []) as unknown as Rule[];
/** Verbs a set of rules grants on group/resource (ignoring resourceNames-restricted rules). */
const verbsFor = (rules: Rule[], group: string, resource: string): Set<string> =>
  new Set(rules.filter((r) => !r.resourceNames && r.apiGroups?.includes(group) && r.resources?.includes(resource)).flatMap((r) => r.verbs));
/** Multus spells its plural with dashes; Endpoints is already plural. */
const IRREGULAR_PLURALS: Record<string, string> = { NetworkAttachmentDefinition: 'network-attachment-definitions', Endpoints: 'endpoints' };
const pluralOf = (kind: string): string =>
  IRREGULAR_PLURALS[kind] ?? (kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`).toLowerCase();

beforeAll(() => {
  const log = path.join(os.tmpdir(), 'istio-operator-build-helm.log');
  const res = spawnSync('bash', [path.join(root, 'e2e', 'tools', 'build-helm.sh')], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  writeFileSync(log, `${res.stderr ?? ''}\n${res.error?.message ?? ''}`);
  const last = (res.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (res.status !== 0 || !last) buildError = `building helm failed (exit ${res.status}); build log: ${log}`;
  else helmBin = last;
}, BUILD_TIMEOUT_MS);

describe('charts/istio-operator', () => {
  it('passes helm lint --strict, with defaults and with every optional part on', () => {
    expect(runHelm(['lint', '--strict', chartDir])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    const sets = ['serviceMonitor.enabled=true', 'metrics.expose=true', 'watchNamespaces={istio-system,team-a}', 'rbac.escalationResourceNames={istiod-clusterrole-istio-system}'];
    expect(runHelm(['lint', '--strict', chartDir, ...sets.flatMap((s) => ['--set', s])])).toMatch(/0 chart\(s\) failed/);
  });

  it('renders the expected objects, namespaced ones in the release namespace', () => {
    const objs = renderChart();
    expect(objs.map((o) => o.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Deployment', 'NetworkPolicy', 'Role', 'RoleBinding', 'ServiceAccount'].sort(),
    );
    const clusterScoped = new Set(['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);
    for (const o of objs) {
      expect(o.apiVersion, o.kind).toBeTruthy();
      expect(o.metadata.name, o.kind).toMatch(/^[a-z0-9.-]+$/);
      expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(clusterScoped.has(o.kind) ? undefined : RELEASE_NS);
    }
  });

  it('runs `istio-operator run` with leader election, explicit namespaces, metrics on loopback, probes apart, and a locked-down container', () => {
    const objs = renderChart();
    const c = container(objs);
    expect(c.args).toEqual([
      'run', '--leader-elect', '--leader-election-id', 'istio-operator-leader',
      '--namespaces', 'istio-system', '--install-namespaces', 'istio-system,istio-ingress,istio-egress',
      '--log-level', 'info', '--health-probe-bind-address', ':8081', '--metrics-bind-address', '127.0.0.1:8080',
    ]);
    expect(c.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    expect(c.ports).toEqual([{ name: 'probes', containerPort: 8081, protocol: 'TCP' }]);
    expect((c.livenessProbe as JsonObject).httpGet).toEqual({ path: '/healthz', port: 'probes' });
    expect((c.readinessProbe as JsonObject).httpGet).toEqual({ path: '/readyz', port: 'probes' });
    expect(c.image).toBe('istio-operator:0.1.0');
    expect(c.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect((c.resources as JsonObject).requests).toBeDefined();
    const pod = ((one(objs, 'Deployment').spec as JsonObject).template as JsonObject).spec as JsonObject;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.serviceAccountName).toBe(one(objs, 'ServiceAccount').metadata.name);
    expect((one(objs, 'Deployment').spec as JsonObject).replicas).toBe(1);
    // Nothing to scrape from outside the pod: no Service, and ingress only to the probe port.
    expect(find(objs, 'Service')).toEqual([]);
    expect((one(objs, 'NetworkPolicy').spec as JsonObject).ingress).toEqual([{ ports: [{ port: 'probes', protocol: 'TCP' }] }]);
  });

  it('exposes /metrics on every interface, through the Service and only to metricsFrom, when asked', () => {
    const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
    const objs = renderChart('metrics.expose=true', 'networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=monitoring');
    const c = container(objs);
    expect((c.args as string[]).slice(-2)).toEqual(['--metrics-bind-address', '0.0.0.0:8080']);
    expect(c.ports).toEqual([{ name: 'probes', containerPort: 8081, protocol: 'TCP' }, { name: 'metrics', containerPort: 8080, protocol: 'TCP' }]);
    expect((one(objs, 'Service').spec as JsonObject).ports).toEqual([{ name: 'metrics', port: 8080, targetPort: 'metrics', protocol: 'TCP' }]);
    const policy = one(objs, 'NetworkPolicy');
    expect(policy.spec).toMatchObject({ policyTypes: ['Ingress'], podSelector: { matchLabels: ((one(objs, 'Deployment').spec as JsonObject).selector as JsonObject).matchLabels } });
    expect((policy.spec as JsonObject).ingress).toEqual([{ ports: [{ port: 'probes', protocol: 'TCP' }] }, { ports: [{ port: 'metrics', protocol: 'TCP' }], from: [peer] }]);
    expect(find(renderChart('networkPolicy.enabled=false'), 'NetworkPolicy')).toEqual([]);
  });

  it('refuses a ServiceMonitor without exposed metrics, and empty namespace or role-name lists', () => {
    expect(() => renderChart('serviceMonitor.enabled=true')).toThrow(/serviceMonitor.enabled needs metrics.expose: true/);
    expect(() => renderChart('watchNamespaces=null')).toThrow(/watchNamespaces must list namespaces/);
    expect(() => renderChart('installNamespaces=null')).toThrow(/installNamespaces must list namespaces/);
    expect(() => renderChart('rbac.escalationResourceNames=null')).toThrow(/rbac.escalationResourceNames must list/);
  });

  it('passes watchNamespaces and installNamespaces ("*": all) and renders the ServiceMonitor when enabled', () => {
    const objs = renderChart('watchNamespaces={istio-system,team-a}', 'installNamespaces={*}', 'serviceMonitor.enabled=true', 'metrics.expose=true', 'leaderElection.enabled=false');
    const args = container(objs).args as string[];
    expect(args.slice(args.indexOf('--namespaces'), args.indexOf('--namespaces') + 2)).toEqual(['--namespaces', 'istio-system,team-a']);
    expect(args.slice(args.indexOf('--install-namespaces'), args.indexOf('--install-namespaces') + 2)).toEqual(['--install-namespaces', '*']);
    expect(args).not.toContain('--leader-elect');
    expect(find(objs, 'Role')).toHaveLength(0);
    const sm = one(objs, 'ServiceMonitor');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.namespace).toBe(RELEASE_NS);
    expect((sm.spec as JsonObject).endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
  });

  it('grants no wildcard anywhere in its RBAC', () => {
    const objs = renderChart('serviceMonitor.enabled=true', 'metrics.expose=true');
    const roles = [...find(objs, 'ClusterRole'), ...find(objs, 'Role')];
    expect(roles.length).toBe(2);
    for (const role of roles) {
      for (const rule of rulesOf(role)) {
        const values = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...rule.verbs, ...(rule.resourceNames ?? []), ...(rule.nonResourceURLs ?? [])];
        for (const v of values) expect(v, `${role.kind} ${role.metadata.name}`).not.toContain('*');
        expect(rule.nonResourceURLs).toBeUndefined();
      }
    }
  });

  it('lets the operator manage every owned kind, but never delete CRDs', () => {
    const rules = rulesOf(one(renderChart(), 'ClusterRole'));
    for (const { apiVersion, kind } of OWNED_KINDS) {
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] ?? '' : '';
      const verbs = verbsFor(rules, group, pluralOf(kind));
      const expected = kind === 'Namespace' ? ['get', 'list', 'watch', 'create', 'delete'] : ['get', 'list', 'watch', 'create', 'patch'];
      for (const verb of expected) expect(verbs.has(verb), `${verb} ${kind}`).toBe(true);
      expect(verbs.has('delete'), `delete ${kind}`).toBe(kind !== 'CustomResourceDefinition');
    }
    expect([...verbsFor(rules, 'install.istio.io', 'istiooperators')].sort()).toEqual(['get', 'list', 'patch', 'watch']);
    expect([...verbsFor(rules, 'install.istio.io', 'istiooperators/status')]).toEqual(['patch']);
    expect([...verbsFor(rules, '', 'pods')].sort()).toEqual(['get', 'list']);
    for (const group of ['', 'events.k8s.io']) expect([...verbsFor(rules, group, 'events')].sort()).toEqual(['create', 'patch']);
    // Cluster-wide only `list`, for the namespace emptiness check; writing the leader Lease is the Role's job.
    expect([...verbsFor(rules, 'coordination.k8s.io', 'leases')]).toEqual(['list']);
  });

  it('manages exactly the kinds the charts render: none missing, none extra (every profile, platform and component)', () => {
    const rules = rulesOf(one(renderChart(), 'ClusterRole'));
    const manage = ['get', 'list', 'watch', 'create', 'patch'];
    // Granted: every group/resource a rule without resourceNames lets the operator read, watch and apply.
    const granted = rules
      .filter((r) => !r.resourceNames && manage.every((v) => r.verbs.includes(v)))
      .flatMap((r) => (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).map((res) => `${g}/${res}`)));
    const rendered = [...collectRenderedKinds()].map(([key, apiVersion]) => `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}/${pluralOf(key.split('/')[1] ?? '')}`);
    expect(rendered.length).toBeGreaterThan(15);
    expect(rendered.filter((r) => !granted.includes(r)).sort(), 'rendered but not granted').toEqual([]);
    expect(granted.filter((g) => !rendered.includes(g)).sort(), 'granted but never rendered').toEqual([]);
  });

  it('grants escalate and bind only on the role names the charts render by default', () => {
    const escalate = rulesOf(one(renderChart(), 'ClusterRole')).filter((r) => r.verbs.includes('escalate') || r.verbs.includes('bind'));
    expect(escalate).toEqual([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'roles'], verbs: ['escalate', 'bind'], resourceNames: collectDefaultRoleNames() }]);
  });

  it('limits escalate/bind to the names in rbac.escalationResourceNames', () => {
    const rules = rulesOf(one(renderChart('rbac.escalationResourceNames={istiod-clusterrole-istio-system}'), 'ClusterRole'));
    const escalate = rules.filter((r) => r.verbs.includes('escalate'));
    expect(escalate).toEqual([
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'roles'], verbs: ['escalate', 'bind'], resourceNames: ['istiod-clusterrole-istio-system'] },
    ]);
  });

  it('confines the leader-election Lease to the release namespace', () => {
    const objs = renderChart();
    const role = one(objs, 'Role');
    expect(role.metadata.namespace).toBe(RELEASE_NS);
    expect(rulesOf(role)).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['istio-operator-leader'], verbs: ['get', 'update'] },
    ]);
    const binding = one(objs, 'RoleBinding');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: one(objs, 'ServiceAccount').metadata.name, namespace: RELEASE_NS }]);
  });

  it('renders the IstioOperator CRD from its file, kept on uninstall, identical to crds/', () => {
    const crd = one(renderChart(), 'CustomResourceDefinition');
    expect(crd.metadata.name).toBe('istiooperators.install.istio.io');
    expect(crd.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    const source = yaml.load(readFileSync(path.join(root, 'crds', 'istio-operator.yaml'), 'utf8')) as Obj;
    expect(crd.spec).toEqual(source.spec);
    expect(find(renderChart('crd.install=false'), 'CustomResourceDefinition')).toHaveLength(0);
  });
});

describe('charts/istio-operator/files/istio-operator-crd.yaml', () => {
  it('is a byte copy of crds/istio-operator.yaml (copy it again after regenerating the CRD)', () => {
    const chartCopy = readFileSync(path.join(chartDir, 'files', 'istio-operator-crd.yaml'));
    const source = readFileSync(path.join(root, 'crds', 'istio-operator.yaml'));
    expect(chartCopy.equals(source)).toBe(true);
  });
});
