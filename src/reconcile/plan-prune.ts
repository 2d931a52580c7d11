import { LabelKeys } from '../api/labels.js';
import { formatRef, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { orderObjects } from '../pipeline/order-objects.js';
import type { LiveObjects, OwnerKey } from './ports.js';

const NEVER_PRUNED_KINDS = new Set(['CustomResourceDefinition', 'Namespace']);

/** Identity of an object for set operations: group (not version), kind, namespace, name. */
export function identityOf(obj: KubeObject): string {
  return formatRef(refOf(obj));
}

/**
 * The owned objects that are no longer desired, in reverse apply order. Scoped twice: only objects
 * labelled as this owner's are candidates, and CRDs, Namespaces and objects marked not-pruned never are.
 */
export function planPrune(owned: KubeObject[], desired: KubeObject[], owner: OwnerKey): KubeObject[] {
  const wanted = new Set(desired.map(identityOf));
  const candidates = owned.filter(
    (obj) =>
      isOwnedBy(obj, owner) &&
      !NEVER_PRUNED_KINDS.has(obj.kind) &&
      obj.metadata.labels?.[LabelKeys.notPruned] !== 'true' &&
      !wanted.has(identityOf(obj)),
  );
  return orderObjects(candidates).reverse();
}

export function isOwnedBy(obj: KubeObject, owner: OwnerKey): boolean {
  const labels = obj.metadata.labels ?? {};
  return labels[LabelKeys.owningResource] === owner.name && labels[LabelKeys.owningResourceNamespace] === owner.namespace;
}

export interface OwnershipConflict {
  object: ObjectRef;
  otherOwner: OwnerKey;
}

/**
 * Desired objects that already exist and are labelled as another IstioOperator's. Applying them would
 * take them over, so the reconcile refuses instead.
 */
export function findOwnershipConflicts(desired: KubeObject[], live: LiveObjects, owner: OwnerKey): OwnershipConflict[] {
  const conflicts: OwnershipConflict[] = [];
  for (const obj of desired) {
    // CRDs are shared definitions (a canary revision renders the same ones) and are never pruned.
    if (obj.kind === 'CustomResourceDefinition') continue;
    const current = live.get(identityOf(obj));
    const labels = current?.metadata.labels;
    const otherName = labels?.[LabelKeys.owningResource];
    if (!current || !otherName) continue;
    const otherNamespace = labels[LabelKeys.owningResourceNamespace] ?? '';
    if (otherName !== owner.name || otherNamespace !== owner.namespace) {
      conflicts.push({ object: refOf(obj), otherOwner: { namespace: otherNamespace, name: otherName } });
    }
  }
  return conflicts;
}
