import { groupOf, identityOf, type KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { pruneOrder } from '../pipeline/order-objects.js';

export interface PruneOptions {
  /** CRDs carry everyone's custom resources: never deleted unless explicitly asked. */
  pruneCrds?: boolean;
  /** A namespace holds more than what we put there: never deleted unless explicitly asked. */
  pruneNamespaces?: boolean;
}

const KIND_CRD = 'CustomResourceDefinition';
const KIND_NAMESPACE = 'Namespace';

/** CRDs and namespaces: never deleted by pruning or uninstalling unless explicitly asked. */
export function isProtectedKind(o: KubeObject, opts: PruneOptions = {}): boolean {
  if (o.kind === KIND_CRD && groupOf(o.apiVersion) === 'apiextensions.k8s.io') return !opts.pruneCrds;
  if (o.kind === KIND_NAMESPACE && groupOf(o.apiVersion) === '') return !opts.pruneNamespaces;
  return false;
}

/**
 * Owned objects that are not desired, minus the protected ones, in reverse apply order (webhooks
 * before the Services they call, workloads before their RBAC). Identity ignores the API version, so
 * a version bump of a kind is not a prune. Pure and deterministic.
 */
export function computePrunable(owned: readonly KubeObject[], desired: readonly KubeObject[], opts: PruneOptions = {}): KubeObject[] {
  const wanted = new Set(desired.map(identityOf));
  const seen = new Set<string>();
  const prunable = owned.filter((o) => {
    const key = identityOf(o);
    if (wanted.has(key) || seen.has(key)) return false;
    seen.add(key);
    if (o.metadata.labels?.[LabelKeys.notPruned] === 'true') return false;
    if (isProtectedKind(o, opts)) return false;
    return o.metadata.deletionTimestamp === undefined;
  });
  return pruneOrder(prunable);
}
