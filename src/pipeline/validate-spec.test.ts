import { describe, expect, it } from 'vitest';
import type { FieldError } from '../api/errors.js';
import type { JsonObject } from '../api/json.js';
import { loadAssets } from '../assets/load-assets.js';
import type { SpecRules } from './pack-spec-rules.js';
import { validateDocument, validateSpec } from './validate-spec.js';

/** The rules of the newest pack (Istio 1.31.0). */
const RULES: SpecRules = loadAssets().specRules;

const ingress = (entry: JsonObject): JsonObject => ({ components: { ingressGateways: [{ name: 'istio-ingressgateway', ...entry }] } });
const ports = (...list: JsonObject[]): JsonObject => ({ k8s: { service: { ports: list } } });

describe('validateSpec accepts', () => {
  it.each<[string, unknown]>([
    ['an empty spec', {}],
    ['a missing spec', undefined],
    ['an integer tag', { tag: 2 }],
    ['a string tag', { tag: '1.27.9' }],
    ['a revision', { revision: 'canary-1' }],
    ['the empty (default) revision', { revision: '' }],
    ['a supported compatibility version', { compatibilityVersion: '1.25', values: { compatibilityVersion: '1.30' } }],
    ['a resource scope', { values: { global: { resourceScope: 'namespace' } } }],
    ['any meshConfig', { meshConfig: { accessLogFile: '/dev/stdout', defaultConfig: { whatever: [1, { a: null }] } } }],
    ['any unvalidatedValues', { unvalidatedValues: { pilot: { pdb: { enabled: false } } } }],
    ['free-form values blocks', { values: { ztunnel: { env: { ANY: 'x' } }, gatewayClasses: { x: {} }, global: { meshNetworks: { n: {} } } } }],
    ['known values keys', { values: { global: { proxy: { privileged: true, statusPort: 15020 }, proxy_init: {} }, pilot: { traceSampling: 0.5 }, gateways: { 'istio-egressgateway': { enabled: true } } } }],
    ['gateway ports at or above 1024', ingress(ports({ name: 'http2', port: 80, targetPort: 8080 }, { name: 'tls', port: 15443 }))],
    ['privileged ports with runAsRoot', { ...ingress(ports({ name: 'http', port: 80, targetPort: 80 })), values: { gateways: { 'istio-ingressgateway': { runAsRoot: true } } } }],
    ['privileged ports on a disabled gateway', ingress({ enabled: false, ...ports({ name: 'http', port: 80 }) })],
    ['named target ports', ingress(ports({ name: 'http', port: 80, targetPort: 'http' }))],
    ['the same gateway name in ingress and egress lists', { components: { ingressGateways: [{ name: 'gw' }], egressGateways: [{ name: 'gw' }] } }],
    ['addons', { addonComponents: { kiali: { enabled: true, namespace: 'obs', k8s: { replicaCount: 1 } } } }],
    ['a complete overlay', { components: { pilot: { k8s: { overlays: [{ kind: 'Deployment', name: 'istiod', patches: [{ path: 'spec.replicas', value: 3 }, { path: 'a' }] }] } } } }],
  ])('%s', (_name, spec) => {
    const result = validateSpec(spec, RULES);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('drops null fields of typed mappings and keeps nulls in free-form ones', () => {
    expect(validateSpec({ hub: null, components: { pilot: null, base: { enabled: true } }, meshConfig: { a: null } }, RULES)).toEqual({
      ok: true,
      value: { components: { base: { enabled: true } }, meshConfig: { a: null } },
    });
  });

  it('keeps a null under values: it removes the chart default, as in Helm', () => {
    expect(validateSpec({ values: { pilot: { autoscaleEnabled: null } } }, RULES)).toEqual({ ok: true, value: { values: { pilot: { autoscaleEnabled: null } } } });
  });
});

describe('validateSpec rejects', () => {
  it.each<[string, unknown, FieldError[]]>([
    ['a spec that is not a mapping', 'x', [{ path: 'spec', reason: 'expected a mapping, got string "x"' }]],
    [
      'a replicaCount that is not a number',
      { components: { pilot: { k8s: { replicaCount: 'two' } } } },
      [{ path: 'spec.components.pilot.k8s.replicaCount', reason: 'expected a non-negative integer, got string "two"' }],
    ],
    [
      'a negative replicaCount',
      { components: { pilot: { k8s: { replicaCount: -1 } } } },
      [{ path: 'spec.components.pilot.k8s.replicaCount', reason: 'expected a non-negative integer, got number -1' }],
    ],
    [
      'a misspelt values key',
      { values: { global: { proxy: { privilegd: true } } } },
      [{ path: 'spec.values.global.proxy.privilegd', reason: 'unknown field (did you mean "privileged"?)' }],
    ],
    ['a misspelt top-level key', { profil: 'demo' }, [{ path: 'spec.profil', reason: 'unknown field (did you mean "profile"?)' }]],
    [
      'service ports outside 1-65535 and a misspelt service field',
      ingress({ k8s: { service: { type: 'NodePort', ports: [{ name: 'http', port: 70000 }, { name: 'tls', port: 0, nodePort: 65536 }], loadBalancerIp: '10.0.0.1' } } }),
      [
        { path: 'spec.components.ingressGateways[0].k8s.service.ports[0].port', reason: 'expected an integer from 1 to 65535, got number 70000' },
        { path: 'spec.components.ingressGateways[0].k8s.service.ports[1].port', reason: 'expected an integer from 1 to 65535, got number 0' },
        { path: 'spec.components.ingressGateways[0].k8s.service.ports[1].nodePort', reason: 'expected an integer from 0 to 65535, got number 65536' },
        { path: 'spec.components.ingressGateways[0].k8s.service.loadBalancerIp', reason: 'unknown field (did you mean "loadBalancerIP"?)' },
      ],
    ],
    [
      'a v2beta1 HPA metric field (refused by istioctl too)',
      { components: { pilot: { k8s: { hpaSpec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 80 } }] } } } } },
      [{
        path: 'spec.components.pilot.k8s.hpaSpec.metrics[0].resource.targetAverageUtilization',
        reason: 'unknown field: the autoscaling/v2beta1 spelling, which autoscaling/v2 removed; write target: {type: Utilization, averageUtilization: N}',
      }],
    ],
    [
      'proxy_init.forceApplyIptables (not in the Values API; refused by istioctl too)',
      { values: { global: { proxy_init: { forceApplyIptables: true } } } },
      [{ path: 'spec.values.global.proxy_init.forceApplyIptables', reason: 'unknown field' }],
    ],
    ['an unknown top-level key', { wibble: 1 }, [{ path: 'spec.wibble', reason: 'unknown field' }]],
    ['a values key the API does not know', { values: { pilot: { pdb: {} } } }, [{ path: 'spec.values.pilot.pdb', reason: 'unknown field' }]],
    ['a quoted boolean in values', { values: { global: { proxy: { privileged: 'true' } } } }, [{ path: 'spec.values.global.proxy.privileged', reason: 'expected a boolean, got string "true"' }]],
    // int-or-string, as in the CRD: a YAML float such as 1.27 must be quoted.
    ['a float tag', { tag: 1.27 }, [{ path: 'spec.tag', reason: 'expected an integer or a string, got number 1.27' }]],
    ['a boolean tag', { tag: true }, [{ path: 'spec.tag', reason: 'expected an integer or a string, got boolean true' }]],
    ['a meshConfig that is a list', { meshConfig: [] }, [{ path: 'spec.meshConfig', reason: 'expected a mapping, got a list' }]],
    ['a non-string label value', { components: { pilot: { k8s: { nodeSelector: { disk: 1 } } } } }, [{ path: 'spec.components.pilot.k8s.nodeSelector.disk', reason: 'expected a string, got number 1' }]],
    ['an unknown addon', { addonComponents: { loki: { enabled: true } } }, [{ path: 'spec.addonComponents.loki', reason: 'unknown field' }]],
    ['a non-boolean enabled', { addonComponents: { kiali: { enabled: 'yes' } } }, [{ path: 'spec.addonComponents.kiali.enabled', reason: 'expected a boolean, got string "yes"' }]],
    [
      'a revision that is not a DNS-1123 label',
      { revision: 'Canary_1' },
      [{ path: 'spec.revision', reason: 'invalid revision "Canary_1": must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)' }],
    ],
    ['an unsupported compatibility version', { compatibilityVersion: '1.24' }, [{ path: 'spec.compatibilityVersion', reason: 'unsupported compatibility version "1.24" (supported: 1.25, 1.26, 1.27, 1.28, 1.29, 1.30)' }]],
    ['a numeric compatibility version', { compatibilityVersion: 1.25 }, [{ path: 'spec.compatibilityVersion', reason: 'expected a string, got number 1.25' }]],
    ['an unknown resource scope', { values: { global: { resourceScope: 'everything' } } }, [{ path: 'spec.values.global.resourceScope', reason: 'unknown resource scope "everything" (one of: undefined, all, cluster, namespace)' }]],
    [
      'a gateway without a name',
      { components: { egressGateways: [{ enabled: true }] } },
      [{ path: 'spec.components.egressGateways[0].name', reason: 'required: every gateway entry needs a name (it names the rendered objects)' }],
    ],
    [
      'a bad gateway name',
      { components: { ingressGateways: [{ name: 'My_Gateway' }] } },
      [{ path: 'spec.components.ingressGateways[0].name', reason: 'invalid gateway name "My_Gateway": use 1-254 lowercase letters, digits, "." or "-"' }],
    ],
    [
      'duplicate gateway names in one list',
      { components: { ingressGateways: [{ name: 'gw' }, { name: 'other' }, { name: 'gw', enabled: false }] } },
      [{ path: 'spec.components.ingressGateways[2].name', reason: 'duplicate gateway name "gw"' }],
    ],
    ['a gateway entry that is not a mapping', { components: { ingressGateways: [null] } }, [{ path: 'spec.components.ingressGateways[0]', reason: 'expected a mapping, got null' }]],
    [
      'a privileged target port',
      ingress(ports({ name: 'http2', port: 80, targetPort: 8080 }, { name: 'http', port: 8081, targetPort: 80 })),
      [{
        path: 'spec.components.ingressGateways[0].k8s.service.ports[1]',
        reason: 'port http/8081 of gateway "istio-ingressgateway" targets port 80, which only root may bind: use a targetPort of 1024 or above, or set values.gateways.istio-ingressgateway.runAsRoot: true',
      }],
    ],
    [
      'a privileged port without targetPort on an egress gateway',
      { components: { egressGateways: [{ name: 'eg', ...ports({ port: 443 }) }] } },
      [{
        path: 'spec.components.egressGateways[0].k8s.service.ports[0]',
        reason: 'port (unnamed)/443 of gateway "eg" targets port 443, which only root may bind: use a targetPort of 1024 or above, or set values.gateways.istio-egressgateway.runAsRoot: true',
      }],
    ],
    [
      'an overlay without kind and name, and a patch without path',
      { components: { base: { k8s: { overlays: [{ patches: [{ value: 1 }] }] } } } },
      [
        { path: 'spec.components.base.k8s.overlays[0].patches[0].path', reason: 'required field is missing' },
        { path: 'spec.components.base.k8s.overlays[0].kind', reason: 'required field is missing' },
        { path: 'spec.components.base.k8s.overlays[0].name', reason: 'required field is missing' },
      ],
    ],
  ])('%s', (_name, spec, errors) => {
    expect(validateSpec(spec, RULES)).toEqual({ ok: false, errors });
  });

  it('collects every error at once', () => {
    const result = validateSpec({
      revision: 'Bad',
      hubb: 'x',
      components: { pilot: { k8s: { replicaCount: 'two' } }, ingressGateways: [{}] },
      values: { global: { proxy: { privilegd: true } } },
    }, RULES);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      'spec.hubb',
      'spec.components.pilot.k8s.replicaCount',
      'spec.values.global.proxy.privilegd',
      'spec.revision',
      'spec.components.ingressGateways[0].name',
    ]);
  });
});

describe('validateDocument', () => {
  const good = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'x' }, spec: {} };
  it.each<[string, unknown]>([
    ['a complete document', good],
    ['a document without spec', { ...good, spec: undefined }],
  ])('accepts %s', (_name, doc) => {
    expect(validateDocument(doc).ok).toBe(true);
  });

  it.each<[string, unknown, FieldError[]]>([
    ['a list', [], [{ path: '', reason: 'expected an IstioOperator mapping, got a list' }]],
    ['a wrong apiVersion', { ...good, apiVersion: 'install.istio.io/v1' }, [{ path: 'apiVersion', reason: 'expected "install.istio.io/v1alpha1", got string "install.istio.io/v1"' }]],
    [
      'a wrong kind and a scalar spec',
      { ...good, kind: 'Deployment', spec: 'x' },
      [
        { path: 'kind', reason: 'expected "IstioOperator", got string "Deployment"' },
        { path: 'spec', reason: 'expected a mapping, got string "x"' },
      ],
    ],
  ])('rejects %s', (_name, doc, errors) => {
    expect(validateDocument(doc)).toEqual({ ok: false, errors });
  });
});

describe('size caps, each error naming the field and the limit', () => {
  const gateways = (n: number): JsonObject[] => Array.from({ length: n }, (_, i) => ({ name: `gw-${i}` }));
  const overlay = (patches: number): JsonObject => ({ kind: 'Deployment', name: 'istiod', patches: Array.from({ length: patches }, () => ({ path: 'spec.replicas', value: 1 })) });

  it('accepts everything at the caps', () => {
    const spec = { components: { ingressGateways: gateways(16), egressGateways: gateways(16), pilot: { k8s: { overlays: Array.from({ length: 8 }, () => overlay(64)) } } } };
    expect(validateSpec(spec, RULES).ok).toBe(true);
    expect(validateSpec({ components: { pilot: { k8s: { overlays: Array.from({ length: 64 }, () => overlay(1)) } } } }, RULES).ok).toBe(true);
  });

  it.each<[string, JsonObject, FieldError]>([
    ['17 ingress gateways', { components: { ingressGateways: gateways(17) } }, { path: 'spec.components.ingressGateways', reason: '17 entries; the limit is 16' }],
    ['17 egress gateways', { components: { egressGateways: gateways(17) } }, { path: 'spec.components.egressGateways', reason: '17 entries; the limit is 16' }],
    ['513 patches in all', { components: { pilot: { k8s: { overlays: [...Array.from({ length: 8 }, () => overlay(64)), overlay(1)] } } } }, { path: 'spec.components', reason: '513 overlay patches in all components; the limit is 512' }],
    ['65 overlays', { components: { pilot: { k8s: { overlays: Array.from({ length: 65 }, () => overlay(1)) } } } }, { path: 'spec.components.pilot.k8s.overlays', reason: '65 entries; the limit is 64' }],
    ['65 patches', { components: { pilot: { k8s: { overlays: [overlay(65)] } } } }, { path: 'spec.components.pilot.k8s.overlays[0].patches', reason: '65 entries; the limit is 64' }],
    ['a long overlay name', { components: { pilot: { k8s: { overlays: [{ kind: 'Deployment', name: 'x'.repeat(254) }] } } } }, { path: 'spec.components.pilot.k8s.overlays[0].name', reason: 'string of 254 characters is longer than the limit of 253' }],
    ['a long hub', { hub: 'h'.repeat(65537) }, { path: 'spec.hub', reason: 'string of 65537 characters is longer than the limit of 65536' }],
  ])('refuses %s', (_name, spec, error) => {
    const result = validateSpec(spec, RULES);
    expect(!result.ok && result.errors).toContainEqual(error);
  });

  it('refuses a long string and a reserved key in a free-form block when the document is read', () => {
    const doc = JSON.parse(`{"apiVersion":"install.istio.io/v1alpha1","kind":"IstioOperator","spec":{"meshConfig":{"a":"${'x'.repeat(65537)}","constructor":{}}}}`) as JsonObject;
    expect(validateDocument(doc)).toEqual({
      ok: false,
      errors: [
        { path: 'spec.meshConfig.a', reason: 'string of 65537 characters is longer than the limit of 65536' },
        { path: 'spec.meshConfig.constructor', reason: '"constructor" is not allowed as a key: it names JavaScript object internals' },
      ],
    });
  });
});
