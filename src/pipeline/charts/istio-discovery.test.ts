import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/json.js';
import type { KubeObject } from '../../api/kube-object.js';
import { dig, FORBIDDEN_LABELS, findObject, idOf, namesIn, renderWith } from './chart-test-support.js';

const render = (overrides: JsonObject = {}, namespace = 'istio-system'): KubeObject[] =>
  renderWith('istio-discovery', overrides, namespace);

/** Facts §2.3 PILOT(rev, ns) block; `s` is '' or '-<rev>'. Since Istio 1.28 the PDB only with more than one replica. */
function pilotBlock(s: string, ns: string, mwcSuffix = '', pdb = false): string[] {
  return [
    ...(pdb ? [`PodDisruptionBudget/istiod${s}`] : []),
    `ServiceAccount/istiod${s}`,
    `ConfigMap/values${s}`,
    `ConfigMap/istio${s}`,
    `ConfigMap/istio-sidecar-injector${s}`,
    ...['istiod-clusterrole', 'istiod-gateway-controller', 'istio-reader-clusterrole'].flatMap((r) => [
      `ClusterRole/${r}${s}-${ns}`,
      `ClusterRoleBinding/${r}${s}-${ns}`,
    ]),
    `Role/istiod${s}`,
    `RoleBinding/istiod${s}`,
    `Service/istiod${s}`,
    `Deployment/istiod${s}`,
    `HorizontalPodAutoscaler/istiod${s}`,
    `MutatingWebhookConfiguration/istio-sidecar-injector${s}${mwcSuffix}`,
    `ValidatingWebhookConfiguration/istio-validator${s}-${ns}`,
  ].sort();
}

const container = (objects: KubeObject[], name = 'istiod'): unknown =>
  (dig(findObject(objects, 'Deployment', name), 'spec.template.spec.containers') as unknown[])[0];

const envOf = (c: unknown): Record<string, unknown> =>
  Object.fromEntries((dig(c, 'env') as { name: string; value?: string }[]).map((e) => [e.name, e.value ?? 'ref']));

describe('istio-discovery chart, default values', () => {
  const objects = render();

  it('renders exactly the 17 objects of the PILOT block (no PodDisruptionBudget for one replica)', () => {
    expect(objects.map(idOf).sort()).toEqual(pilotBlock('', 'istio-system'));
  });

  it('renders the PodDisruptionBudget from two replicas on, autoscaled or fixed', () => {
    expect(render({ pilot: { autoscaleMin: 2 } }).map(idOf).sort()).toEqual(pilotBlock('', 'istio-system', '', true));
    const fixed = render({ pilot: { autoscaleEnabled: false, replicaCount: 2 } }).map(idOf);
    expect(fixed).toContain('PodDisruptionBudget/istiod');
    expect(render({ pilot: { autoscaleEnabled: false, replicaCount: 1 } }).map(idOf)).not.toContain('PodDisruptionBudget/istiod');
  });

  it('never carries Helm or ownership labels, and label values are strings', () => {
    for (const o of objects) for (const key of FORBIDDEN_LABELS) expect(o.metadata.labels?.[key], idOf(o)).toBeUndefined();
  });

  it.each([
    ['Deployment', 'istiod', { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot', release: 'istio', 'app.kubernetes.io/name': 'istiod' }],
    ['Service', 'istiod', { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot', release: 'istio' }],
    ['HorizontalPodAutoscaler', 'istiod', { app: 'istiod', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot', release: 'istio' }],
    ['ServiceAccount', 'istiod', { app: 'istiod', release: 'istio', 'app.kubernetes.io/name': 'istiod' }],
    ['ClusterRole', 'istio-reader-clusterrole-istio-system', { app: 'istio-reader', release: 'istio' }],
    ['ConfigMap', 'istio', { 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot', release: 'istio', 'app.kubernetes.io/name': 'istiod' }],
    ['MutatingWebhookConfiguration', 'istio-sidecar-injector', { app: 'sidecar-injector', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot' }],
    ['ValidatingWebhookConfiguration', 'istio-validator-istio-system', { app: 'istiod', istio: 'istiod', 'istio.io/rev': 'default', release: 'istio' }],
  ])('%s %s has the §3.5 labels', (kind, name, labels) => {
    const o = findObject(objects, kind, name);
    expect(o.metadata.labels).toMatchObject({ ...labels, 'app.kubernetes.io/part-of': 'istio', 'app.kubernetes.io/version': '1.31.0' });
  });

  it('leaves the VWC without the component label and the SA/RBAC without revision labels', () => {
    expect(findObject(objects, 'ValidatingWebhookConfiguration', 'istio-validator-istio-system').metadata.labels).not.toHaveProperty('operator.istio.io/component');
    expect(findObject(objects, 'Role', 'istiod').metadata.labels).not.toHaveProperty('istio.io/rev');
  });

  it('renders the istiod Deployment of §3.2', () => {
    const d = findObject(objects, 'Deployment', 'istiod');
    expect(d.metadata.namespace).toBe('istio-system');
    expect(dig(d, 'spec.replicas')).toBeUndefined();
    expect(dig(d, 'spec.strategy.rollingUpdate')).toEqual({ maxSurge: '100%', maxUnavailable: '25%' });
    expect(dig(d, 'spec.selector.matchLabels')).toEqual({ istio: 'pilot' });
    expect(dig(d, 'spec.template.metadata.labels')).toEqual({
      app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot',
      'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none', 'app.kubernetes.io/name': 'istiod',
    });
    expect(dig(d, 'spec.template.metadata.annotations')).toEqual({
      'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false',
    });
    expect(dig(d, 'spec.template.spec.serviceAccountName')).toBe('istiod');
    expect(dig(d, 'spec.template.spec.tolerations')).toEqual([{ key: 'cni.istio.io/not-ready', operator: 'Exists' }]);
    expect(dig(d, 'spec.template.spec.nodeSelector')).toBeUndefined();
    expect(namesIn(d, 'spec.template.spec.containers')).toEqual(['discovery']);
    expect(namesIn(d, 'spec.template.spec.volumes')).toEqual([
      'local-certs', 'istio-token', 'cacerts', 'istio-kubeconfig', 'istio-csr-dns-cert', 'istio-csr-ca-configmap',
    ]);
  });

  it('renders the discovery container of §3.2', () => {
    const c = container(objects);
    expect(dig(c, 'image')).toBe('docker.io/istio/pilot:1.31.0');
    expect(dig(c, 'args')).toEqual([
      'discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', 'cluster.local',
      '--keepaliveMaxServerConnectionAge', '30m',
    ]);
    expect((dig(c, 'ports') as unknown[]).map((p) => [dig(p, 'containerPort'), dig(p, 'name'), dig(p, 'protocol')])).toEqual([
      [8080, 'http-debug', 'TCP'], [15010, 'grpc-xds', 'TCP'], [15012, 'tls-xds', 'TCP'],
      [15017, 'https-webhooks', 'TCP'], [15014, 'http-monitoring', 'TCP'],
    ]);
    expect(dig(c, 'readinessProbe')).toEqual({ httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 });
    expect(dig(c, 'livenessProbe')).toBeUndefined();
    expect(dig(c, 'resources')).toEqual({ requests: { cpu: '500m', memory: '2048Mi' } });
    expect(dig(c, 'securityContext')).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    });
    expect(namesIn(c, 'env')).toEqual([
      'REVISION', 'PILOT_CERT_PROVIDER', 'POD_NAME', 'POD_NAMESPACE', 'SERVICE_ACCOUNT', 'KUBECONFIG',
      'CA_TRUSTED_NODE_ACCOUNTS', 'PILOT_TRACE_SAMPLING', 'PILOT_ENABLE_ANALYSIS', 'CLUSTER_ID', 'GOMAXPROCS', 'PLATFORM',
    ]);
    expect(envOf(c)).toMatchObject({
      REVISION: 'default', PILOT_CERT_PROVIDER: 'istiod', KUBECONFIG: '/var/run/secrets/remote/config',
      CA_TRUSTED_NODE_ACCOUNTS: 'istio-system/ztunnel', PILOT_TRACE_SAMPLING: '1', PILOT_ENABLE_ANALYSIS: 'false',
      CLUSTER_ID: 'Kubernetes', PLATFORM: '',
    });
  });

  it('renders the Service, HPA and PDB', () => {
    const svc = findObject(objects, 'Service', 'istiod');
    expect(dig(svc, 'spec.ports')).toEqual([
      { port: 15010, name: 'grpc-xds', protocol: 'TCP' },
      { port: 15012, name: 'https-dns', protocol: 'TCP' },
      { port: 443, name: 'https-webhook', targetPort: 15017, protocol: 'TCP' },
      { port: 15014, name: 'http-monitoring', protocol: 'TCP' },
    ]);
    expect(dig(svc, 'spec.selector')).toEqual({ app: 'istiod', istio: 'pilot' });
    expect(dig(svc, 'spec.type')).toBeUndefined();
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'istiod');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      minReplicas: 1, maxReplicas: 5,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    const pdb = findObject(render({ pilot: { autoscaleMin: 2 } }), 'PodDisruptionBudget', 'istiod');
    expect(pdb.metadata.labels).toMatchObject({ app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot' });
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'istiod', istio: 'pilot' } } });
  });

  it('binds the cluster roles and the role to the right ServiceAccounts', () => {
    const subjectOf = (kind: string, name: string): unknown => (dig(findObject(objects, kind, name), 'subjects') as unknown[])[0];
    expect(subjectOf('ClusterRoleBinding', 'istiod-clusterrole-istio-system')).toEqual({ kind: 'ServiceAccount', name: 'istiod', namespace: 'istio-system' });
    expect(subjectOf('ClusterRoleBinding', 'istio-reader-clusterrole-istio-system')).toEqual({ kind: 'ServiceAccount', name: 'istio-reader-service-account', namespace: 'istio-system' });
    expect(dig(findObject(objects, 'RoleBinding', 'istiod'), 'roleRef')).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istiod' });
    const rules = dig(findObject(objects, 'ClusterRole', 'istiod-clusterrole-istio-system'), 'rules') as { resources: string[]; verbs: string[] }[];
    expect(rules.find((r) => r.resources.includes('mutatingwebhookconfigurations'))?.verbs).toEqual(['get', 'list', 'watch', 'update', 'patch']);
    expect(rules.find((r) => r.resources.includes('tokenreviews'))?.verbs).toEqual(['create']);
    const leases = (dig(findObject(objects, 'Role', 'istiod'), 'rules') as { resources: string[]; verbs: string[] }[]).find((r) => r.resources.includes('leases'));
    expect(leases?.verbs).toEqual(['get', 'update', 'patch', 'create']);
  });

  it('renders the four injection webhooks of §3.2.1 without caBundle', () => {
    const mwc = findObject(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector');
    const hooks = dig(mwc, 'webhooks') as unknown[];
    expect(namesIn(mwc, 'webhooks')).toEqual([
      'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io',
      'namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io',
    ]);
    for (const hook of hooks) {
      expect(dig(hook, 'clientConfig')).toEqual({ service: { name: 'istiod', namespace: 'istio-system', path: '/inject', port: 443 } });
      expect(hook).toMatchObject({
        sideEffects: 'None', failurePolicy: 'Fail', reinvocationPolicy: 'Never', admissionReviewVersions: ['v1'],
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
      });
    }
    expect(dig(hooks[0], 'namespaceSelector.matchExpressions')).toEqual([
      { key: 'istio.io/rev', operator: 'In', values: ['default'] }, { key: 'istio-injection', operator: 'DoesNotExist' },
    ]);
    expect(dig(hooks[1], 'objectSelector.matchExpressions')).toEqual([
      { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }, { key: 'istio.io/rev', operator: 'In', values: ['default'] },
    ]);
    expect(dig(hooks[2], 'namespaceSelector.matchExpressions')).toEqual([{ key: 'istio-injection', operator: 'In', values: ['enabled'] }]);
    expect(dig(hooks[3], 'objectSelector.matchExpressions')).toEqual([
      { key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, { key: 'istio.io/rev', operator: 'DoesNotExist' },
    ]);
  });

  it('renders the validating webhook of §3.2.2 failing open and without caBundle', () => {
    const hooks = dig(findObject(objects, 'ValidatingWebhookConfiguration', 'istio-validator-istio-system'), 'webhooks') as unknown[];
    expect(hooks).toEqual([{
      name: 'rev.validation.istio.io',
      clientConfig: { service: { name: 'istiod', namespace: 'istio-system', path: '/validate' } },
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], apiVersions: ['*'], resources: ['*'] }],
      failurePolicy: 'Ignore', sideEffects: 'None', admissionReviewVersions: ['v1'],
      objectSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }] },
    }]);
  });
});
