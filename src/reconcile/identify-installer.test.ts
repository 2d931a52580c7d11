import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys, LEGACY_FIELD_MANAGER } from '../api/labels.js';
import { parseIstioVersion } from '../packs/istio-version.js';
import { identifyInstallers, readIstioVersion } from './identify-installer.js';

const owner = { name: 'example-istiocontrolplane', namespace: 'istio-system' };
const object = (labels: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'x', namespace: 'istio-system', labels, managedFields: [{ manager: LEGACY_FIELD_MANAGER, operation: 'Apply' }] },
  ...extra,
});
const owned = (name: string, version: string) => ({ [LabelKeys.owningResource]: name, [LabelKeys.owningResourceNamespace]: 'istio-system', [LabelKeys.managed]: 'Reconcile', [LabelKeys.version]: version });

describe('identifyInstallers', () => {
  it("tells Istio 1.23's in-cluster operator for this very IstioOperator, which merged gateways by name", () => {
    const [group] = identifyInstallers([object(owned('example-istiocontrolplane', '1.23.6'))], owner);
    expect(group).toMatchObject({ installer: "Istio's in-cluster operator (1.23 or older) for IstioOperator istio-system/example-istiocontrolplane", version: '1.23.6', mergedGatewaysByName: true });
  });

  it.each([
    ['installed-state', '1.23.6', 'istioctl install (1.23 or older)'],
    ['unknown', '1.27.9', 'istioctl install (1.24 or newer)'],
  ])('tells istioctl by its owner name %s', (name, version, installer) => {
    expect(identifyInstallers([object(owned(name, version))], owner)[0]).toMatchObject({ installer, version, mergedGatewaysByName: false });
  });

  it("does not take istioctl 1.24+'s chart label managed-by: Helm for Helm", () => {
    expect(identifyInstallers([object({ ...owned('unknown', '1.27.9'), 'app.kubernetes.io/managed-by': 'Helm' })], owner)[0]?.installer).toBe('istioctl install (1.24 or newer)');
  });

  it('tells Helm, then bare field managers, and groups objects per installer', () => {
    const helm = object({ 'app.kubernetes.io/managed-by': 'Helm' }, { metadata: { name: 'h', annotations: { 'meta.helm.sh/release-name': 'istiod', 'meta.helm.sh/release-namespace': 'istio-system' } } });
    const bare = object({});
    const groups = identifyInstallers([helm, bare, bare], owner);
    expect(groups.map((g) => [g.installer, g.objects.length])).toEqual([
      ['Helm release istio-system/istiod', 1],
      [`field managers ${LEGACY_FIELD_MANAGER}`, 2],
    ]);
  });
});

describe('readIstioVersion', () => {
  it('reads the version label, else the istiod image tag', () => {
    const istiod: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istiod' },
      spec: { template: { spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.23.6-distroless' }] } } },
    };
    expect(readIstioVersion(istiod)).toBe('1.23.6-distroless');
    expect(parseIstioVersion('1.23.6-distroless')).toEqual({ major: 1, minor: 23, patch: 6 });
    expect(parseIstioVersion('sha256:abc')).toBeUndefined();
  });
});
