import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../assets/load-assets.js';
import { dig, FORBIDDEN_LABELS, findObject, idOf, renderWith } from './chart-test-support.js';

/** Facts §3.1: the 15 Istio CRDs (as the istio.io/api commit of Istio 1.31.0 generates them). */
const CRDS = [
  ['trafficextensions.extensions.istio.io', 'TrafficExtension', [], ['v1alpha1'], 'v1alpha1'],
  ['wasmplugins.extensions.istio.io', 'WasmPlugin', [], ['v1alpha1'], 'v1alpha1'],
  ['destinationrules.networking.istio.io', 'DestinationRule', ['dr'], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['envoyfilters.networking.istio.io', 'EnvoyFilter', [], ['v1alpha3'], 'v1alpha3'],
  ['gateways.networking.istio.io', 'Gateway', ['gw'], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['proxyconfigs.networking.istio.io', 'ProxyConfig', [], ['v1beta1'], 'v1beta1'],
  ['serviceentries.networking.istio.io', 'ServiceEntry', ['se'], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['sidecars.networking.istio.io', 'Sidecar', [], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['virtualservices.networking.istio.io', 'VirtualService', ['vs'], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['workloadentries.networking.istio.io', 'WorkloadEntry', ['we'], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['workloadgroups.networking.istio.io', 'WorkloadGroup', ['wg'], ['v1', 'v1alpha3', 'v1beta1'], 'v1'],
  ['authorizationpolicies.security.istio.io', 'AuthorizationPolicy', ['ap'], ['v1', 'v1beta1'], 'v1'],
  ['peerauthentications.security.istio.io', 'PeerAuthentication', ['pa'], ['v1', 'v1beta1'], 'v1'],
  ['requestauthentications.security.istio.io', 'RequestAuthentication', ['ra'], ['v1', 'v1beta1'], 'v1'],
  ['telemetries.telemetry.istio.io', 'Telemetry', ['telemetry'], ['v1', 'v1alpha1'], 'v1alpha1'],
] as const;

const istioCrds = loadAssets().istioCrds();

describe('base chart', () => {
  // As every profile sets it: the chart's own default ("default") adds the default validator (tested below).
  const objects = renderWith('base', { defaultRevision: '' });

  it('renders the BASE block: the reader ServiceAccount and 15 CRDs', () => {
    expect(objects.map(idOf).sort()).toEqual(
      ['ServiceAccount/istio-reader-service-account', ...CRDS.map(([name]) => `CustomResourceDefinition/${name}`)].sort(),
    );
  });

  it.each(CRDS)('%s has the facts of §3.1', (name, kind, shortNames, versions, storage) => {
    const crd = findObject(objects, 'CustomResourceDefinition', name);
    const [plural, ...groupParts] = name.split('.');
    const group = groupParts.join('.');
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(dig(crd, 'spec.group')).toBe(group);
    expect(dig(crd, 'spec.scope')).toBe('Namespaced');
    expect(dig(crd, 'spec.names')).toMatchObject({ kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` });
    expect(dig(crd, 'spec.names.shortNames') ?? []).toEqual(shortNames);
    expect(dig(crd, 'spec.names.categories')).toEqual(['istio-io', group.replaceAll('.', '-')]);
    const rendered = dig(crd, 'spec.versions') as Record<string, unknown>[];
    expect(rendered.map((v) => v.name)).toEqual(versions);
    expect(rendered.every((v) => v.served === true)).toBe(true);
    expect(rendered.filter((v) => v.storage === true).map((v) => v.name)).toEqual([storage]);
    for (const version of rendered) {
      // Istio's generated structural schema: a typed spec (no free-form object), with CEL rules somewhere.
      const spec = dig(version, 'schema.openAPIV3Schema.properties.spec') as Record<string, unknown>;
      expect(spec['x-kubernetes-preserve-unknown-fields']).toBeUndefined();
      expect(Object.keys((spec.properties ?? {}) as object).length).toBeGreaterThan(0);
    }
    // The whole spec is upstream's, as the build took it from istio.io/api (ADR 5).
    expect(crd.spec).toEqual(istioCrds.find((c) => c.name === name)?.spec);
    expect(JSON.stringify(crd.spec)).toContain('x-kubernetes-validations');
    expect(crd.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    expect(crd.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'istio', 'app.kubernetes.io/version': '1.31.0' });
  });

  it.each([
    ['virtualservices.networking.istio.io', ['Gateways', 'Hosts', 'Age']],
    ['serviceentries.networking.istio.io', ['Hosts', 'Location', 'Resolution', 'Age']],
    ['destinationrules.networking.istio.io', ['Host', 'Age']],
    ['gateways.networking.istio.io', []],
    ['authorizationpolicies.security.istio.io', ['Action', 'Age']],
  ])('%s prints the columns %j', (name, columns) => {
    const crd = findObject(objects, 'CustomResourceDefinition', name);
    const first = (dig(crd, 'spec.versions') as unknown[])[0];
    expect(((dig(first, 'additionalPrinterColumns') ?? []) as { name: string }[]).map((c) => c.name)).toEqual(columns);
  });

  it('labels the reader ServiceAccount per §3.5 and carries no Helm or ownership labels anywhere', () => {
    const sa = findObject(objects, 'ServiceAccount', 'istio-reader-service-account');
    expect(sa.metadata.namespace).toBe('istio-system');
    expect(sa.metadata.labels).toMatchObject({ app: 'istio-reader', 'app.kubernetes.io/name': 'istio-reader', release: 'istio' });
    expect(sa.imagePullSecrets).toBeUndefined();
    for (const o of objects) for (const key of FORBIDDEN_LABELS) expect(o.metadata.labels?.[key]).toBeUndefined();
  });

  it('takes imagePullSecrets from global.imagePullSecrets', () => {
    const sa = findObject(renderWith('base', { global: { imagePullSecrets: ['regcred'] } }), 'ServiceAccount', 'istio-reader-service-account');
    expect(sa.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  it('drops the CRDs named in base.excludedCRDs', () => {
    const rendered = renderWith('base', { base: { excludedCRDs: ['envoyfilters.networking.istio.io', 'wasmplugins.extensions.istio.io'] } });
    expect(rendered.filter((o) => o.kind === 'CustomResourceDefinition')).toHaveLength(13);
    expect(rendered.map(idOf)).not.toContain('CustomResourceDefinition/envoyfilters.networking.istio.io');
  });

  it.each([
    ['', undefined],
    ['default', 'istiod'],
    ['canary', 'istiod-canary'],
  ])('defaultRevision %j renders the default validator targeting %s', (defaultRevision, service) => {
    const rendered = renderWith('base', { defaultRevision, global: { istioNamespace: 'istio-control' } });
    const vwc = rendered.find((o) => o.kind === 'ValidatingWebhookConfiguration');
    if (service === undefined) return expect(vwc).toBeUndefined();
    expect(vwc?.metadata.name).toBe('istiod-default-validator');
    const hook = (dig(vwc, 'webhooks') as unknown[])[0];
    expect(dig(hook, 'clientConfig.service')).toEqual({ name: service, namespace: 'istio-control', path: '/validate' });
    expect(dig(hook, 'clientConfig.caBundle')).toBeUndefined();
    expect(dig(hook, 'failurePolicy')).toBe('Ignore');
  });
});
