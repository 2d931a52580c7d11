import type { KubeObject } from '../api/kube-object.js';
import { groupOf } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { refKey } from './change-set.js';
import { OWNED_KINDS, type KindRef } from './owned-kinds.js';

export interface PruneOptions {
  /** CRDs carry everyone's custom resources: never deleted unless explicitly asked. */
  pruneCrds?: boolean;
  /** A namespace holds more than what we put there: never deleted unless explicitly asked. */
  pruneNamespaces?: boolean;
  /** Apply order of kinds; pruning walks it backwards. Defaults to OWNED_KINDS. */
  kindOrder?: readonly KindRef[];
}

const KIND_CRD = 'CustomResourceDefinition';
const KIND_NAMESPACE = 'Namespace';

/**
 * Owned objects that are not desired, minus the protected ones, in reverse apply order (webhooks
 * before the Services they call, workloads before their RBAC). Identity ignores the API version, so
 * a version bump of a kind is not a prune. Pure and deterministic.
 */
export function computePrunable(owned: readonly KubeObject[], desired: readonly KubeObject[], opts: PruneOptions = {}): KubeObject[] {
  const wanted = new Set(desired.map(refKey));
  const order = opts.kindOrder ?? OWNED_KINDS;
  const rank = (o: KubeObject): number => {
    const i = order.findIndex((k) => k.kind === o.kind && groupOf(k.apiVersion) === groupOf(o.apiVersion));
    return i < 0 ? order.length : i;
  };
  const seen = new Set<string>();
  return owned
    .filter((o) => {
      const key = refKey(o);
      if (wanted.has(key) || seen.has(key)) return false;
      seen.add(key);
      if (o.metadata.labels?.[LabelKeys.notPruned] === 'true') return false;
      if (o.kind === KIND_CRD && groupOf(o.apiVersion) === 'apiextensions.k8s.io' && !opts.pruneCrds) return false;
      if (o.kind === KIND_NAMESPACE && groupOf(o.apiVersion) === '' && !opts.pruneNamespaces) return false;
      return o.metadata.deletionTimestamp === undefined;
    })
    .sort((a, b) => rank(b) - rank(a) || compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareText(a.metadata.name, b.metadata.name));
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
