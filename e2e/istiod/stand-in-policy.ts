import type { KubeObject } from '../../src/api/kube-object.js';

const NAME = 'e2e-istiod-dry-run-stand-in';

/**
 * Our apiserver runs with its webhook admission plugins off, so istiod's validation webhook is never
 * called and its fail-close probe (a dry-run create of a Gateway annotated `internal.istio.io/webhook-always-reject`,
 * pkg/webhooks/validation/controller) would never see a denial. This policy denies exactly that
 * probe, with the message fragment istiod looks for ("denied the request"), so istiod really switches
 * failurePolicy to Fail, as it does in a cluster whose webhooks work.
 */
export function buildStandInPolicy(): KubeObject[] {
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: NAME },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['networking.istio.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['gateways'] }] },
        validations: [
          {
            expression: "!has(object.metadata.annotations) || !('internal.istio.io/webhook-always-reject' in object.metadata.annotations)",
            message: 'admission webhook "validation.istio.io" denied the request: stand-in for istiod (internal.istio.io/webhook-always-reject)',
          },
        ],
      },
    },
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: NAME }, spec: { policyName: NAME, validationActions: ['Deny'] } },
  ];
}

/** The object istiod dry-run creates to learn whether invalid config is rejected. */
export function buildFailCloseProbe(namespace: string): KubeObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'invalid-gateway', namespace, labels: { 'istio.io/rev': 'default' }, annotations: { 'internal.istio.io/webhook-always-reject': 'true' } }, spec: {} };
}
