import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { orderObjects, pruneOrder, rankOf } from './order-objects.js';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, string> = {}): KubeObject => ({
  apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra,
});

/** The expected apply order; the test shuffles it and checks every permutation sorts back. */
const ordered: KubeObject[] = [
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'gateways.networking.istio.io'),
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'virtualservices.networking.istio.io'),
  obj('v1', 'Namespace', 'istio-system'),
  obj('v1', 'ServiceAccount', 'istio-reader-service-account', 'istio-system'),
  obj('v1', 'ServiceAccount', 'istiod', 'istio-system'),
  obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'istiod-istio-system'),
  obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'istiod-istio-system'),
  obj('rbac.authorization.k8s.io/v1', 'Role', 'istiod', 'istio-system'),
  obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'istiod', 'istio-system'),
  obj('v1', 'ConfigMap', 'istio', 'istio-system'),
  obj('v1', 'Secret', 'cacerts', 'istio-system'),
  obj('v1', 'Service', 'istiod', 'istio-system'),
  obj('apps/v1', 'DaemonSet', 'ztunnel', 'istio-system'),
  obj('apps/v1', 'Deployment', 'istio-ingressgateway', 'istio-system'),
  obj('apps/v1', 'Deployment', 'istiod', 'istio-system'),
  obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'istiod', 'istio-system'),
  obj('policy/v1', 'PodDisruptionBudget', 'istiod', 'istio-system'),
  obj('networking.istio.io/v1', 'Gateway', 'gw', 'istio-system'),
  obj('serving.knative.dev/v1', 'Service', 'not-core', 'default'),
  obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'stable-channel-policy'),
  obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'stable-channel-policy-binding'),
  obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'istio-sidecar-injector'),
  obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'istio-validator-istio-system'),
  // Duplicates of one identity still sort deterministically.
  obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'z', undefined, { note: 'a' }),
  obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'z', undefined, { note: 'b' }),
];

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('orderObjects', () => {
  it.each([1, 2, 3, 42, 1234, 99999])('sorts a shuffled input (seed %i) into apply order', (seed) => {
    const input = shuffled(ordered, seed);
    const before = [...input];
    expect(orderObjects(input)).toEqual(ordered);
    expect(input).toEqual(before);
  });

  it('prunes in reverse', () => {
    expect(pruneOrder(shuffled(ordered, 7))).toEqual([...ordered].reverse());
  });

  it.each([
    ['v1', 'Service', 80],
    ['serving.knative.dev/v1', 'Service', 120],
    ['apps/v1', 'Deployment', 90],
    ['extensions/v1beta1', 'Deployment', 120],
    ['networking.istio.io/v1', 'Gateway', 120],
  ])('rank of %s %s is %i', (apiVersion, kind, rank) => {
    expect(rankOf({ apiVersion, kind })).toBe(rank);
  });
});
