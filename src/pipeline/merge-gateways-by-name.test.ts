import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { AnnotationKeys } from '../api/labels.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { mergeGatewaysByName, resolveGatewayListMerge } from './merge-gateways-by-name.js';

const profile: JsonObject = {
  components: {
    ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, k8s: { service: { ports: [{ port: 80 }, { port: 443 }] } } }],
    egressGateways: [{ name: 'istio-egressgateway', enabled: false }],
  },
};

describe('mergeGatewaysByName (Istio 1.23 list semantics)', () => {
  // The order and the kept `enabled: false` are what the real istioctl 1.23.6 `profile dump -f` prints.
  it("keeps the profile's gateways after the user's and deep-merges a named one", () => {
    const user: JsonObject = {
      components: {
        ingressGateways: [{ name: 'istio-ingressgateway-internal', enabled: true }, { name: 'istio-ingressgateway', k8s: { resources: { requests: { cpu: '1' } } } }],
      },
    };
    // (both named here, so the user's order is the result's)
    expect(mergeGatewaysByName(profile, user).components).toEqual({
      ingressGateways: [
        { name: 'istio-ingressgateway-internal', enabled: true },
        { name: 'istio-ingressgateway', enabled: true, k8s: { service: { ports: [{ port: 80 }, { port: 443 }] }, resources: { requests: { cpu: '1' } } } },
      ],
    });
  });

  it("replaces lists inside an entry (service ports), and keeps the profile's enabled: false under k8s-only settings", () => {
    const user: JsonObject = { components: { ingressGateways: [{ name: 'istio-ingressgateway', k8s: { service: { ports: [{ port: 8080 }] } } }], egressGateways: [{ name: 'istio-egressgateway', k8s: { nodeSelector: { a: 'b' } } }] } };
    const merged = mergeGatewaysByName(profile, user).components as JsonObject;
    expect(merged.ingressGateways).toEqual([{ name: 'istio-ingressgateway', enabled: true, k8s: { service: { ports: [{ port: 8080 }] } } }]);
    expect(merged.egressGateways).toEqual([{ name: 'istio-egressgateway', enabled: false, k8s: { nodeSelector: { a: 'b' } } }]);
  });

  it('leaves a spec without gateway lists alone', () => {
    const user: JsonObject = { profile: 'default' };
    expect(mergeGatewaysByName(profile, user)).toBe(user);
  });
});

describe('resolveGatewayListMerge', () => {
  const doc = (value: unknown) => ({ metadata: { annotations: { [AnnotationKeys.gatewayListMerge]: value } } }) as never;
  it('takes the annotation of the last document that sets it, else the given default, else replace', () => {
    expect(resolveGatewayListMerge([])).toEqual({ ok: true, value: 'replace' });
    expect(resolveGatewayListMerge([], 'by-name')).toEqual({ ok: true, value: 'by-name' });
    expect(resolveGatewayListMerge([doc('by-name'), doc('replace')], 'by-name')).toEqual({ ok: true, value: 'replace' });
  });
  it('names the annotation and the allowed values for anything else', () => {
    expect(resolveGatewayListMerge([doc('merge')])).toEqual({
      ok: false,
      errors: [{ path: `metadata.annotations[${AnnotationKeys.gatewayListMerge}]`, reason: 'must be "by-name" or "replace", got "merge"' }],
    });
  });
});

describe('buildDesiredState with by-name gateway lists', () => {
  const assets = loadAssets();
  const iop = (annotations: Record<string, string>) => ({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'example', annotations },
    spec: { profile: 'default', components: { ingressGateways: [{ name: 'istio-ingressgateway-internal', enabled: true, label: { istio: 'ingressgateway-internal' } }] } },
  });
  const deployments = (annotations: Record<string, string>): string[] => {
    const result = buildDesiredState({ documents: [iop(annotations)], setFlags: [] }, assets);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
  };
  it("renders the profile's default gateway beside the user's only under by-name", () => {
    expect(deployments({})).toEqual(['istio-ingressgateway-internal', 'istiod']);
    expect(deployments({ [AnnotationKeys.gatewayListMerge]: 'by-name' })).toEqual(['istio-ingressgateway', 'istio-ingressgateway-internal', 'istiod']);
  });
});
