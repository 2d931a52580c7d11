import { describe, expect, it } from 'vitest';
import type { Result } from '../api/errors.js';
import type { JsonObject, JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import type { DesiredState } from './types.js';

/** CNI, ztunnel and remote installs rendered with the real charts and profiles. */
const assets = loadAssets();
const iop = (spec: JsonObject): JsonObject => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec });
const render = (setFlags: string[], spec?: JsonObject): Result<DesiredState> =>
  buildDesiredState({ documents: spec ? [iop(spec)] : [], setFlags }, assets);

function objects(setFlags: string[], spec?: JsonObject): KubeObject[] {
  const result = render(setFlags, spec);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.objects;
}
const find = (objs: KubeObject[], kind: string, name: string): KubeObject & JsonObject => {
  const found = objs.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${objs.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found as KubeObject & JsonObject;
};
const names = (objs: KubeObject[], component: string): string[] =>
  objs.filter((o) => o.metadata.labels?.['operator.istio.io/component'] === component).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
const at = (v: JsonValue | undefined, ...path: (string | number)[]): JsonValue | undefined =>
  path.reduce<JsonValue | undefined>((cur, key) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, JsonValue>)[key] : undefined), v);
const container = (ds: JsonObject): JsonObject => at(ds, 'spec', 'template', 'spec', 'containers', 0) as JsonObject;
const envOf = (ds: JsonObject): Record<string, JsonValue> =>
  Object.fromEntries((container(ds).env as JsonObject[]).map((e) => [String(e.name), e.value ?? e.valueFrom ?? null]));
const errorsOf = (setFlags: string[], spec?: JsonObject): string[] => {
  const result = render(setFlags, spec);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.reason}`);
};

describe('CNI and ztunnel components', () => {
  it('are off unless listed; a listed entry is on unless enabled: false (as istioctl decides)', () => {
    expect(names(objects([]), 'Cni')).toEqual([]);
    expect(names(objects(['components.cni.enabled=false']), 'Cni')).toEqual([]);
    expect(names(objects(['components.cni.namespace=kube-system']), 'Cni')).toContain('DaemonSet/kube-system/istio-cni-node');
    expect(names(objects(['components.ztunnel.enabled=true']), 'Ztunnel')).toEqual(['ServiceAccount/istio-system/ztunnel', 'DaemonSet/istio-system/ztunnel']);
  });

  it('render the objects of the ambient profile', () => {
    const objs = objects(['profile=ambient']);
    expect(names(objs, 'Cni').sort()).toEqual([
      'ClusterRole//istio-cni', 'ClusterRole//istio-cni-ambient', 'ClusterRole//istio-cni-repair-role',
      'ClusterRoleBinding//istio-cni', 'ClusterRoleBinding//istio-cni-ambient', 'ClusterRoleBinding//istio-cni-repair-rolebinding',
      'ConfigMap/istio-system/istio-cni-config', 'DaemonSet/istio-system/istio-cni-node', 'ServiceAccount/istio-system/istio-cni',
    ]);
    expect(names(objs, 'IngressGateways')).toEqual([]);
    const cm = find(objs, 'ConfigMap', 'istio-cni-config');
    expect(cm.data).toMatchObject({ AMBIENT_ENABLED: 'true', CHAINED_CNI_PLUGIN: 'true', EXCLUDE_NAMESPACES: 'kube-system', CURRENT_AGENT_VERSION: '1.31.0' });
    // Laid out like Helm's toYaml: the agent reads it as YAML, tools compare it as text.
    expect(at(cm, 'data', 'AMBIENT_ENABLEMENT_SELECTOR')).toBe(
      '- podSelector:\n    matchLabels:\n      istio.io/dataplane-mode: ambient\n- namespaceSelector:\n    matchLabels:\n      istio.io/dataplane-mode: ambient\n' +
        '  podSelector:\n    matchExpressions:\n    - key: istio.io/dataplane-mode\n      operator: NotIn\n      values:\n      - none',
    );
    expect(container(find(objs, 'DaemonSet', 'istio-cni-node')).image).toBe('docker.io/istio/install-cni:1.31.0-distroless');
    const ztunnel = find(objs, 'DaemonSet', 'ztunnel');
    expect(container(ztunnel).image).toBe('docker.io/istio/ztunnel:1.31.0-distroless');
    expect(envOf(ztunnel)).toMatchObject({ CA_ADDRESS: 'istiod.istio-system.svc:15012', ISTIO_META_ENABLE_HBONE: 'true', ISTIO_META_CLUSTER_ID: 'Kubernetes' });
    expect(envOf(find(objs, 'Deployment', 'istiod'))).toMatchObject({ PILOT_ENABLE_AMBIENT: 'true', CA_TRUSTED_NODE_ACCOUNTS: 'istio-system/ztunnel' });
  });

  it('hand ztunnel its values flat, as istioctl does: spec.meshConfig does not reach it, values.ztunnel does', () => {
    const spec = { components: { ztunnel: { enabled: true } }, meshConfig: { defaultConfig: { proxyMetadata: { FROM_MESH: 'x' } } }, values: { ztunnel: { logLevel: 'debug', meshConfig: { defaultConfig: { proxyMetadata: { OWN: 'y' } } } } } };
    const env = envOf(find(objects([], spec), 'DaemonSet', 'ztunnel'));
    expect(env).toMatchObject({ RUST_LOG: 'debug', OWN: 'y' });
    expect(env.FROM_MESH).toBeUndefined();
    const { values: _ignored, ...withoutOwn } = spec;
    expect(envOf(find(objects([], withoutOwn), 'DaemonSet', 'ztunnel')).FROM_MESH).toBeUndefined();
  });

  it('follow the revision, global settings and per-component hub and tag', () => {
    const objs = objects(['revision=canary', 'components.ztunnel.enabled=true', 'components.ztunnel.hub=example.com/z', 'components.cni.enabled=true', 'components.cni.tag=1.31.0-patch', 'values.global.imagePullSecrets[0]=pull']);
    const ztunnel = find(objs, 'DaemonSet', 'ztunnel');
    expect(container(ztunnel).image).toBe('example.com/z/ztunnel:1.31.0');
    expect(envOf(ztunnel).XDS_ADDRESS).toBe('istiod-canary.istio-system.svc:15012');
    expect(ztunnel.metadata.annotations).toEqual({ 'istio.io/rev': 'canary' });
    expect(at(find(objs, 'ServiceAccount', 'ztunnel'), 'imagePullSecrets')).toEqual([{ name: 'pull' }]);
    expect(container(find(objs, 'DaemonSet', 'istio-cni-node')).image).toBe('docker.io/istio/install-cni:1.31.0-patch');
    expect(find(objs, 'ServiceAccount', 'istio-cni').metadata.labels?.['istio.io/rev']).toBe('canary');
  });

  it('apply k8s settings to the DaemonSet and its main container', () => {
    const spec = { components: { cni: { enabled: true, k8s: { nodeSelector: { pool: 'mesh' }, resources: { limits: { memory: '1Gi' } }, imagePullPolicy: 'Always' } } } };
    const ds = find(objects([], spec), 'DaemonSet', 'istio-cni-node');
    expect(at(ds, 'spec', 'template', 'spec', 'nodeSelector')).toEqual({ 'kubernetes.io/os': 'linux', pool: 'mesh' });
    expect(container(ds)).toMatchObject({ imagePullPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '1Gi' } } });
  });

  it.each(['replicaCount', 'strategy', 'hpaSpec', 'podDisruptionBudget', 'service', 'serviceAnnotations'])('refuse k8s.%s, which a DaemonSet cannot take', (field) => {
    const value: JsonObject | number = field === 'replicaCount' ? 2 : field === 'hpaSpec' ? { minReplicas: 2 } : field === 'service' ? { type: 'NodePort' } : { a: 'b' };
    const errors = errorsOf([], { components: { ztunnel: { enabled: true, k8s: { [field]: value } } } });
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^spec\\.components\\.ztunnel\\.k8s\\.${field}: has no effect on Ztunnel`))]);
  });

  it('select the chart deltas of the compatibility version and platform', () => {
    const compat = objects(['profile=ambient', 'compatibilityVersion=1.25']);
    expect(at(find(compat, 'DaemonSet', 'istio-cni-node'), 'spec', 'template', 'spec', 'hostNetwork')).toBe(true);
    expect(envOf(find(compat, 'DaemonSet', 'istio-cni-node')).ALLOW_SWITCH_TO_HOST_NS).toBeUndefined();
    expect(find(compat, 'ConfigMap', 'istio-cni-config').data).toMatchObject({ AMBIENT_RECONCILE_POD_RULES_ON_STARTUP: 'false' });
    const current = objects(['profile=ambient', 'compatibilityVersion=1.29']);
    expect(find(current, 'ConfigMap', 'istio-cni-config').data).toMatchObject({ AMBIENT_RECONCILE_POD_RULES_ON_STARTUP: 'true' });
    const gke = objects(['components.cni.enabled=true', 'components.ztunnel.enabled=true', 'values.global.platform=gke']);
    expect(names(gke, 'Cni')).toContain('ResourceQuota/istio-system/istio-cni-resource-quota');
    expect(names(gke, 'Ztunnel')).toContain('ResourceQuota/istio-system/ztunnel');
  });

  it('render the OpenShift variants: Multus attachment, SCC roles, kube-system, spc_t', () => {
    const objs = objects(['profile=openshift-ambient']);
    expect(names(objs, 'Cni')).toContain('NetworkAttachmentDefinition/default/istio-cni');
    const cni = find(objs, 'DaemonSet', 'istio-cni-node');
    expect(cni.metadata.namespace).toBe('kube-system');
    expect(at(container(cni), 'securityContext', 'seLinuxOptions')).toEqual({ type: 'spc_t' });
    expect(find(objs, 'ConfigMap', 'istio-cni-config').data).toMatchObject({ CHAINED_CNI_PLUGIN: 'false', CNI_CONF_NAME: 'istio-cni.conf' });
    expect(JSON.stringify(find(objs, 'ClusterRole', 'istio-cni').rules)).toContain('securitycontextconstraints');
    expect(JSON.stringify(find(objs, 'ClusterRole', 'ztunnel').rules)).toContain('securitycontextconstraints');
    expect(at(container(find(objs, 'DaemonSet', 'ztunnel')), 'securityContext', 'seLinuxOptions')).toEqual({ type: 'spc_t' });
    expect(envOf(find(objs, 'Deployment', 'istiod')).CA_TRUSTED_NODE_ACCOUNTS).toBe('kube-system/ztunnel');
  });
});

describe('remote profile', () => {
  it('renders only the support objects of an istiod that runs elsewhere', () => {
    const objs = objects(['profile=remote']).filter((o) => o.kind !== 'CustomResourceDefinition');
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/istio-reader-service-account', 'ClusterRole/istio-reader-clusterrole-istio-system',
      'ClusterRoleBinding/istio-reader-clusterrole-istio-system', 'ConfigMap/values', 'MutatingWebhookConfiguration/istio-sidecar-injector',
    ]);
    expect(JSON.stringify(find(objs, 'ClusterRole', 'istio-reader-clusterrole-istio-system').rules)).toContain('mutatingwebhookconfigurations');
  });

  it('keeps istiod\'s identity, RBAC and validator, but no istiod, in a remote config cluster', () => {
    const kinds = objects(['profile=remote', 'values.global.configCluster=true']).filter((o) => o.kind !== 'CustomResourceDefinition').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'ServiceAccount/istiod', 'ClusterRole/istiod-clusterrole-istio-system', 'RoleBinding/istiod', 'ValidatingWebhookConfiguration/istio-validator-istio-system',
    ]));
    expect(kinds.filter((k) => /^(Deployment|Service|HorizontalPodAutoscaler|PodDisruptionBudget)\//.test(k))).toEqual([]);
  });

  it('runs a local injector istiod beside the remote one (enabledLocalInjectorIstiod)', () => {
    const objs = objects(['profile=remote', 'values.global.remotePilotAddress=10.0.0.12'], { values: { istiodRemote: { enabledLocalInjectorIstiod: true } } });
    const kinds = objs.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment/istiod', 'Service/istiod', 'Service/istiod-remote', 'EndpointSlice/istiod-remote', 'ValidatingWebhookConfiguration/istio-validator-istio-system']));
  });

  it('points Service istiod at remotePilotAddress: an EndpointSlice for an IPv4 or IPv6 address, ExternalName for a host', () => {
    const byIp = objects(['profile=remote', 'values.global.remotePilotAddress=10.0.0.12']);
    expect(at(find(byIp, 'EndpointSlice', 'istiod'), 'endpoints', 0, 'addresses')).toEqual(['10.0.0.12']);
    expect(at(find(byIp, 'EndpointSlice', 'istiod'), 'addressType')).toBe('IPv4');
    expect(find(byIp, 'EndpointSlice', 'istiod').metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'istiod' });
    expect(at(find(byIp, 'Service', 'istiod'), 'spec', 'type')).toBeUndefined();
    const byIpv6 = objects(['profile=remote', 'values.global.remotePilotAddress=fd00::12']);
    expect(at(find(byIpv6, 'EndpointSlice', 'istiod'), 'addressType')).toBe('IPv6');
    expect(at(find(byIpv6, 'Service', 'istiod'), 'spec', 'type')).toBeUndefined();
    const byName = objects(['profile=remote', 'values.global.remotePilotAddress=istiod.example.com']);
    expect(byName.some((o) => o.kind === 'EndpointSlice')).toBe(false);
    expect(at(find(byName, 'Service', 'istiod'), 'spec')).toMatchObject({ type: 'ExternalName', externalName: 'istiod.example.com' });
  });
});

describe('values.profile demo, preview, stable: chart deltas, as istioctl lays them', () => {
  it('selects the demo deltas on any profile, below the given values', () => {
    const demo = objects(['values.profile=demo', 'values.pilot.resources.requests.cpu=20m']);
    const istiod = at(find(demo, 'Deployment', 'istiod'), 'spec', 'template', 'spec', 'containers', 0, 'resources', 'requests');
    expect(istiod).toEqual({ cpu: '20m', memory: '100Mi' });
    expect(demo.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
    const mesh = String(at(find(demo, 'ConfigMap', 'istio'), 'data', 'mesh'));
    expect(mesh).toContain('accessLogFile: /dev/stdout');
  });

  it('keeps the default profile when no chart profile is named', () => {
    expect(objects([]).some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(true);
  });
});

describe('refused instead of silently ignored', () => {
  it.each<[string, string[], JsonObject | undefined, string]>([
    ['components.istiodRemote', ['components.istiodRemote.enabled=true'], undefined, 'spec.components.istiodRemote: is not a component in Istio 1.27'],
    ['an unknown chart profile', ['values.profile=bogus'], undefined, 'spec.values.profile: unknown chart profile "bogus"'],
    ['an unknown platform', ['values.global.platform=eks'], undefined, 'spec.values.global.platform: unknown platform "eks"'],
    ['a misspelt ztunnel value', ['components.ztunnel.enabled=true', 'values.ztunnel.logLvel=debug'], undefined, 'spec.values.ztunnel.logLvel: unknown field'],
    ['a CNI value istioctl does not accept either', ['components.cni.enabled=true', 'values.cni.tolerations[0].key=x'], undefined, 'spec.values.cni.tolerations: unknown field'],
  ])('%s', (_name, setFlags, spec, message) => {
    expect(errorsOf(setFlags, spec)).toEqual([expect.stringContaining(message)]);
  });
});
