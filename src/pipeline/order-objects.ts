import type { JsonValue } from '../api/json.js';
import { groupOf, type KubeObject } from '../api/kube-object.js';
import { canonicalJson, compareStrings } from './canonical-json.js';

/**
 * Apply rank by `Kind` or `Kind.group` (the same spelling as formatRef). Things are created before
 * what refers to them: CRDs before custom resources, namespaces before their contents, identities and
 * RBAC before workloads, config and Services before the pods that read them. Admission policies and
 * webhooks come last so they never intercept the install of the very server that serves them.
 */
export const APPLY_RANKS = {
  'CustomResourceDefinition.apiextensions.k8s.io': 0,
  Namespace: 10,
  ResourceQuota: 15,
  ServiceAccount: 20,
  'ClusterRole.rbac.authorization.k8s.io': 30,
  'ClusterRoleBinding.rbac.authorization.k8s.io': 40,
  'Role.rbac.authorization.k8s.io': 50,
  'RoleBinding.rbac.authorization.k8s.io': 60,
  ConfigMap: 70,
  Secret: 70,
  Service: 80,
  'Deployment.apps': 90,
  'DaemonSet.apps': 90,
  'StatefulSet.apps': 90,
  'HorizontalPodAutoscaler.autoscaling': 100,
  'PodDisruptionBudget.policy': 110,
  'ValidatingAdmissionPolicy.admissionregistration.k8s.io': 130,
  'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io': 140,
  'MutatingWebhookConfiguration.admissionregistration.k8s.io': 150,
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io': 150,
} as const satisfies Record<string, number>;

/** Every kind not in the table (Istio resources, networking objects, ...). */
export const OTHER_RANK = 120;

const RANKS: Readonly<Record<string, number>> = APPLY_RANKS;

export function rankOf(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): number {
  const group = groupOf(obj.apiVersion);
  const key = group ? `${obj.kind}.${group}` : obj.kind;
  return Object.hasOwn(RANKS, key) ? (RANKS[key] as number) : OTHER_RANK;
}

/**
 * Total order for applying: rank, then group, kind, namespace, name; apiVersion and finally the
 * canonical body break ties between duplicates, so any permutation of the input sorts the same.
 */
export function compareForApply(a: KubeObject, b: KubeObject): number {
  return (
    rankOf(a) - rankOf(b) ||
    compareStrings(groupOf(a.apiVersion), groupOf(b.apiVersion)) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareStrings(a.metadata.name, b.metadata.name) ||
    compareStrings(a.apiVersion, b.apiVersion) ||
    compareStrings(bodyOf(a), bodyOf(b))
  );
}

const bodyOf = (o: KubeObject): string => canonicalJson(o as unknown as JsonValue);

export function orderObjects(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects].sort(compareForApply);
}

/** Deletion runs backwards: webhooks first (so they stop intercepting), CRDs last. */
export function pruneOrder(objects: readonly KubeObject[]): KubeObject[] {
  return orderObjects(objects).reverse();
}
