import type { KubeObject, ObjectRef } from '../api/kube-object.js';
import { refOf } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { refKey } from './change-set.js';
import type { OwnerRef } from './list-owned.js';

export interface OwnershipConflict {
  ref: ObjectRef;
  otherOwner: OwnerRef;
}

/**
 * Desired objects that already exist and carry another IstioOperator's ownership labels (name or
 * namespace differ). Unlabelled objects are not conflicts: we adopt them. Pure; `live` comes from
 * getLiveObjects, the same read the no-op check uses.
 */
export function findOwnershipConflicts(
  desired: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject | undefined>,
  owner: OwnerRef,
): OwnershipConflict[] {
  const conflicts: OwnershipConflict[] = [];
  for (const obj of desired) {
    const labels = live.get(refKey(obj))?.metadata.labels;
    const name = labels?.[LabelKeys.owningResource];
    if (name === undefined) continue;
    const namespace = labels?.[LabelKeys.owningResourceNamespace] ?? '';
    if (name !== owner.name || namespace !== owner.namespace) conflicts.push({ ref: refOf(obj), otherOwner: { name, namespace } });
  }
  return conflicts;
}
