import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/json.js';
import type { KubeObject } from '../../api/kube-object.js';
import { dig, findObject, idOf, namesIn, renderWith } from './chart-test-support.js';

const render = (overrides: JsonObject = {}, namespace = 'istio-system'): KubeObject[] =>
  renderWith('istio-discovery', overrides, namespace);
const ids = (objects: KubeObject[]): string[] => objects.map(idOf);
const DEFAULT_IDS = ids(render());

describe('istio-discovery: revision and namespace', () => {
  it('suffixes every object with -<revision> and selects on the revision', () => {
    const objects = render({ revision: 'canary', pilot: { autoscaleMin: 2 } });
    expect(ids(objects).sort()).toEqual(
      DEFAULT_IDS.map((id) =>
        id.replace(/^(\w+)\/(istiod|values|istio|istio-sidecar-injector)$/, '$1/$2-canary')
          .replace(/^(Cluster\w+)\/(.+)-istio-system$/, '$1/$2-canary-istio-system')
          .replace('istio-validator-istio-system', 'istio-validator-canary-istio-system'),
      ).concat('PodDisruptionBudget/istiod-canary').sort(),
    );
    const d = findObject(objects, 'Deployment', 'istiod-canary');
    expect(dig(d, 'spec.selector.matchLabels')).toEqual({ app: 'istiod', 'istio.io/rev': 'canary' });
    expect(dig(d, 'spec.template.metadata.labels')).toMatchObject({ app: 'istiod', istio: 'istiod', 'istio.io/rev': 'canary' });
    expect(dig(d, 'spec.template.spec.serviceAccountName')).toBe('istiod-canary');
    expect(dig(findObject(objects, 'Service', 'istiod-canary'), 'spec.selector')).toEqual({ app: 'istiod', 'istio.io/rev': 'canary' });
    expect(dig(findObject(objects, 'PodDisruptionBudget', 'istiod-canary'), 'spec.selector.matchLabels')).toEqual({ app: 'istiod', 'istio.io/rev': 'canary' });
    expect(dig(findObject(objects, 'HorizontalPodAutoscaler', 'istiod-canary'), 'spec.scaleTargetRef.name')).toBe('istiod-canary');
    expect(d.metadata.labels?.['istio.io/rev']).toBe('canary');
  });

  it('gives a revision only the two rev.* injection webhooks, pointing at its own istiod', () => {
    const objects = render({ revision: 'canary' });
    const mwc = findObject(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary');
    expect(namesIn(mwc, 'webhooks')).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
    const hook = (dig(mwc, 'webhooks') as unknown[])[0];
    expect(dig(hook, 'clientConfig.service.name')).toBe('istiod-canary');
    expect(dig(hook, 'namespaceSelector.matchExpressions.0.values')).toEqual(['canary']);
    const vwc = findObject(objects, 'ValidatingWebhookConfiguration', 'istio-validator-canary-istio-system');
    expect(dig((dig(vwc, 'webhooks') as unknown[])[0], 'objectSelector.matchExpressions.0.values')).toEqual(['canary']);
    const env = dig((dig(findObject(objects, 'Deployment', 'istiod-canary'), 'spec.template.spec.containers') as unknown[])[0], 'env');
    expect((env as { name: string; value?: string }[]).find((e) => e.name === 'REVISION')?.value).toBe('canary');
  });

  it('moves everything to global.istioNamespace and renames cluster-scoped objects and the MWC', () => {
    const objects = render({ global: { istioNamespace: 'istio-control' } }, 'istio-control');
    expect(ids(objects)).toContain('MutatingWebhookConfiguration/istio-sidecar-injector-istio-control');
    expect(ids(objects)).toContain('ValidatingWebhookConfiguration/istio-validator-istio-control');
    for (const role of ['istiod-clusterrole', 'istiod-gateway-controller', 'istio-reader-clusterrole']) {
      expect(ids(objects)).toContain(`ClusterRole/${role}-istio-control`);
      const binding = findObject(objects, 'ClusterRoleBinding', `${role}-istio-control`);
      expect(dig(binding, 'subjects.0.namespace')).toBe('istio-control');
    }
    for (const o of objects) if (o.metadata.namespace !== undefined) expect(o.metadata.namespace, idOf(o)).toBe('istio-control');
    const hook = dig(findObject(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-istio-control'), 'webhooks.0');
    expect(dig(hook, 'clientConfig.service.namespace')).toBe('istio-control');
    const mesh = yaml.load(String(dig(findObject(objects, 'ConfigMap', 'istio'), 'data.mesh')));
    expect(mesh).toMatchObject({ rootNamespace: 'istio-control', defaultConfig: { discoveryAddress: 'istiod.istio-control.svc:15012' } });
  });
});

describe('istio-discovery: mesh config', () => {
  const meshOf = (objects: KubeObject[], name = 'istio'): unknown =>
    yaml.load(String(dig(findObject(objects, 'ConfigMap', name), 'data.mesh')));

  it('renders the default mesh config and meshNetworks of §2.2', () => {
    const objects = render();
    expect(meshOf(objects)).toEqual({
      defaultConfig: { discoveryAddress: 'istiod.istio-system.svc:15012' },
      defaultProviders: { metrics: ['prometheus'] },
      enablePrometheusMerge: true,
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
    });
    expect(yaml.load(String(dig(findObject(objects, 'ConfigMap', 'istio'), 'data.meshNetworks')))).toEqual({ networks: {} });
  });

  it('names no default metrics provider while telemetry is off (the remote profile)', () => {
    const mesh = meshOf(render({ telemetry: { enabled: false } }), 'istio') as Record<string, unknown>;
    expect(mesh.defaultProviders).toBeUndefined();
  });

  it('deep-merges Values.meshConfig over the defaults', () => {
    const mesh = meshOf(render({
      revision: 'canary',
      meshConfig: {
        accessLogFile: '/dev/stdout',
        trustDomain: 'example.org',
        defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } },
        defaultProviders: { tracing: ['zipkin'] },
        extensionProviders: [{ name: 'otel', opentelemetry: { service: 'c.o.svc', port: 4317 } }],
      },
    }), 'istio-canary');
    expect(mesh).toEqual({
      accessLogFile: '/dev/stdout',
      defaultConfig: { discoveryAddress: 'istiod-canary.istio-system.svc:15012', proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } },
      // Your defaultProviders replace the default metrics provider (istioctl 1.31.0 renders the same).
      defaultProviders: { tracing: ['zipkin'] },
      enablePrometheusMerge: true,
      extensionProviders: [{ name: 'otel', opentelemetry: { service: 'c.o.svc', port: 4317 } }],
      rootNamespace: 'istio-system',
      trustDomain: 'example.org',
    });
  });
  it('puts values.global.meshID into defaultConfig.meshId, under your own meshConfig.defaultConfig.meshId', () => {
    const defaultConfigOf = (overrides: JsonObject): unknown => dig(meshOf(render(overrides)), 'defaultConfig');
    expect(defaultConfigOf({ global: { meshID: 'mesh1' } })).toEqual({ discoveryAddress: 'istiod.istio-system.svc:15012', meshId: 'mesh1' });
    expect(defaultConfigOf({ global: { meshID: 'mesh1' }, meshConfig: { defaultConfig: { meshId: 'mine' } } })).toMatchObject({ meshId: 'mine' });
    expect(defaultConfigOf({ global: { meshID: '' } })).not.toHaveProperty('meshId');
  });
});

describe('istio-discovery: value switches of §3.7', () => {
  const removed = (objects: KubeObject[]): string[] => DEFAULT_IDS.filter((id) => !ids(objects).includes(id));
  const added = (objects: KubeObject[]): string[] => ids(objects).filter((id) => !DEFAULT_IDS.includes(id));

  it.each<[string, JsonObject, string[], string[]]>([
    ['global.configValidation=false', { global: { configValidation: false } }, ['ValidatingWebhookConfiguration/istio-validator-istio-system'], []],
    ['pilot.autoscaleMin=2', { pilot: { autoscaleMin: 2 } }, [], ['PodDisruptionBudget/istiod']],
    ['pilot.autoscaleMin=2 with global.defaultPodDisruptionBudget.enabled=false', { pilot: { autoscaleMin: 2 }, global: { defaultPodDisruptionBudget: { enabled: false } } }, [], []],
    ['global.operatorManageWebhooks=true', { global: { operatorManageWebhooks: true } }, ['MutatingWebhookConfiguration/istio-sidecar-injector'], []],
    ['global.omitSidecarInjectorConfigMap=true', { global: { omitSidecarInjectorConfigMap: true } }, ['ConfigMap/istio-sidecar-injector'], []],
    ['pilot.configMap=false', { pilot: { configMap: false } }, ['ConfigMap/istio'], []],
    ['pilot.autoscaleEnabled=false', { pilot: { autoscaleEnabled: false } }, ['HorizontalPodAutoscaler/istiod'], []],
    ['PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER="false"', { pilot: { env: { PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER: 'false' } } },
      ['ClusterRole/istiod-gateway-controller-istio-system', 'ClusterRoleBinding/istiod-gateway-controller-istio-system'], []],
    ['PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER="true"', { pilot: { env: { PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER: 'true' } } }, [], []],
    ['pilot.jwksResolverExtraRootCA', { pilot: { jwksResolverExtraRootCA: 'PEM' } }, [], ['ConfigMap/pilot-jwks-extra-cacerts']],
    ['experimental.stableValidationPolicy=true', { experimental: { stableValidationPolicy: true } }, [],
      ['ValidatingAdmissionPolicy/stable-channel-policy-istio-system.istio.io', 'ValidatingAdmissionPolicyBinding/stable-channel-policy-binding-istio-system.istio.io']],
    ['istiodRemote.enabled (remote profile)', { istiodRemote: { enabled: true }, pilot: { configMap: false }, global: { omitSidecarInjectorConfigMap: true } },
      DEFAULT_IDS.filter((id) => !['ConfigMap/values', 'ClusterRole/istio-reader-clusterrole-istio-system', 'ClusterRoleBinding/istio-reader-clusterrole-istio-system', 'MutatingWebhookConfiguration/istio-sidecar-injector'].includes(id)), []],
  ])('%s', (_name, overrides, removedIds, addedIds) => {
    const objects = render(overrides);
    expect(removed(objects).sort()).toEqual([...removedIds].sort());
    expect(added(objects).sort()).toEqual([...addedIds].sort());
  });

  it('sets replicas from pilot.replicaCount once autoscaling is off', () => {
    const d = findObject(render({ pilot: { autoscaleEnabled: false, replicaCount: 3 } }), 'Deployment', 'istiod');
    expect(dig(d, 'spec.replicas')).toBe(3);
  });

  it('mounts the extra JWKS root CA into istiod', () => {
    const objects = render({ pilot: { jwksResolverExtraRootCA: '-----BEGIN CERTIFICATE-----\nabc\n' } });
    expect(dig(findObject(objects, 'ConfigMap', 'pilot-jwks-extra-cacerts'), 'data')).toEqual({ 'extra.pem': '-----BEGIN CERTIFICATE-----\nabc\n' });
    const d = findObject(objects, 'Deployment', 'istiod');
    expect(dig(d, 'spec.template.spec.volumes.6')).toEqual({ name: 'extracacerts', configMap: { name: 'pilot-jwks-extra-cacerts' } });
    expect(namesIn(dig(d, 'spec.template.spec.containers.0'), 'volumeMounts')).toContain('extracacerts');
  });

  it('adds the auto webhook with sidecarInjectorWebhook.enableNamespacesByDefault (default revision only)', () => {
    const on = { sidecarInjectorWebhook: { enableNamespacesByDefault: true } };
    const mwc = findObject(render(on), 'MutatingWebhookConfiguration', 'istio-sidecar-injector');
    expect(namesIn(mwc, 'webhooks')).toHaveLength(5);
    const auto = dig(mwc, 'webhooks.4');
    expect(dig(auto, 'name')).toBe('auto.sidecar-injector.istio.io');
    expect(dig(auto, 'namespaceSelector.matchExpressions.2')).toEqual({
      key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'],
    });
    expect(dig(auto, 'objectSelector.matchExpressions')).toEqual([
      { key: 'sidecar.istio.io/inject', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'DoesNotExist' },
    ]);
    expect(namesIn(findObject(render({ ...on, revision: 'canary' }), 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary'), 'webhooks')).toHaveLength(2);
  });

  it('writes a stable-channel policy that denies the unstable kinds for this revision', () => {
    const vap = findObject(render({ experimental: { stableValidationPolicy: true } }), 'ValidatingAdmissionPolicy', 'stable-channel-policy-istio-system.istio.io');
    expect(dig(vap, 'spec.matchConstraints.objectSelector.matchExpressions')).toEqual([{ key: 'istio.io/rev', operator: 'In', values: ['default'] }]);
    expect(dig(vap, 'spec.validations')).toEqual(
      expect.arrayContaining([{ expression: '!variables.isEnvoyFilter' }, { expression: '!variables.isWasmPlugin' }, { expression: '!variables.isProxyConfig' }]),
    );
    expect(String(dig(vap, 'spec.validations.3.expression'))).toContain('exists(l, has(l.filter))');
  });

  it('honours image, variant, env, log and scheduling values', () => {
    const objects = render({
      global: { hub: 'reg.example/istio', variant: 'distroless', logAsJson: true, imagePullSecrets: ['regcred'] },
      pilot: {
        tag: '1.31.0-patched', traceSampling: 100, env: { PILOT_ENABLE_AMBIENT: 'true', FLAG: true },
        nodeSelector: { 'kubernetes.io/os': 'linux' }, podAnnotations: { 'a.b/c': 'x: y # z' },
      },
    });
    const d = findObject(objects, 'Deployment', 'istiod');
    const c = dig(d, 'spec.template.spec.containers.0');
    expect(dig(c, 'image')).toBe('reg.example/istio/pilot:1.31.0-patched-distroless');
    expect(dig(c, 'args')).toContain('--log_as_json');
    const env = dig(c, 'env') as { name: string; value?: string }[];
    expect(env.filter((e) => ['PILOT_ENABLE_AMBIENT', 'FLAG', 'PILOT_TRACE_SAMPLING'].includes(e.name))).toEqual([
      { name: 'PILOT_ENABLE_AMBIENT', value: 'true' }, { name: 'FLAG', value: 'true' }, { name: 'PILOT_TRACE_SAMPLING', value: '100' },
    ]);
    expect(dig(d, 'spec.template.spec.nodeSelector')).toEqual({ 'kubernetes.io/os': 'linux' });
    // Pull secrets reach istiod through its ServiceAccount only, as in istioctl 1.27.
    expect(dig(d, 'spec.template.spec.imagePullSecrets')).toBeUndefined();
    expect(dig(d, 'spec.template.metadata.annotations')).toMatchObject({ 'a.b/c': 'x: y # z' });
    expect(dig(findObject(objects, 'ServiceAccount', 'istiod'), 'imagePullSecrets')).toEqual([{ name: 'regcred' }]);
  });
});
