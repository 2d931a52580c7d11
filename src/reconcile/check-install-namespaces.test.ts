import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import type { DesiredState } from '../pipeline/types.js';
import { checkInstallNamespaces } from './check-install-namespaces.js';

const assets = loadAssets();
const owner = { name: 'mesh', namespace: 'mesh-admin' };

function render(spec: JsonObject): DesiredState {
  const result = buildDesiredState({ documents: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec }], setFlags: [], owner }, assets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('checkInstallNamespaces', () => {
  it('passes an installation into allowed namespaces; cluster-scoped objects need no namespace', () => {
    const desired = render({ profile: 'demo' });
    expect(desired.objects.some((o) => o.metadata.namespace === undefined)).toBe(true);
    expect(checkInstallNamespaces(desired, owner, ['istio-system'])).toEqual([]);
  });

  it("always allows the IstioOperator's own namespace", () => {
    expect(checkInstallNamespaces(render({ profile: 'minimal', values: { global: { istioNamespace: 'mesh-admin' } } }), owner, [])).toEqual([]);
  });

  it('refuses values.global.istioNamespace outside the list, naming the field and the allowed namespaces', () => {
    const errors = checkInstallNamespaces(render({ profile: 'minimal', values: { global: { istioNamespace: 'kube-system' } } }), owner, ['istio-system', 'istio-ingress']);
    expect(errors).toEqual([
      {
        path: 'spec.values.global.istioNamespace',
        reason: 'installs namespace "kube-system", which this operator may not install into (allowed: "istio-ingress", "istio-system" and the IstioOperator\'s own namespace "mesh-admin")',
      },
    ]);
  });

  it('names the component field that chose a refused namespace', () => {
    const desired = render({
      profile: 'default',
      components: { pilot: { namespace: 'elsewhere' }, ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, namespace: 'team-a' }] },
      addonComponents: { grafana: { enabled: true, namespace: 'monitoring' } },
    });
    expect(checkInstallNamespaces(desired, owner, ['istio-system']).map((e) => e.path)).toEqual([
      'spec.components.pilot.namespace',
      'spec.components.ingressGateways[0].namespace',
      'spec.addonComponents.grafana.namespace',
    ]);
  });

  it('names the component when a chart puts an object beside its namespace (Multus attachment in default)', () => {
    const desired = render({ profile: 'openshift', values: { cni: { provider: 'multus' } } });
    expect(checkInstallNamespaces(desired, owner, ['istio-system', 'kube-system'])).toEqual([
      expect.objectContaining({ path: 'spec.components.cni', reason: expect.stringContaining('NetworkAttachmentDefinition istio-cni in namespace "default"') }),
    ]);
    expect(checkInstallNamespaces(desired, owner, ['istio-system', 'kube-system', 'default'])).toEqual([]);
  });

  it('allows every namespace with "*"', () => {
    expect(checkInstallNamespaces(render({ profile: 'minimal', values: { global: { istioNamespace: 'anywhere' } } }), owner, ['*'])).toEqual([]);
  });
});
