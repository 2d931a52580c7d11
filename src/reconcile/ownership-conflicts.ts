import { identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { OwnerKey } from './ports.js';

export interface OwnershipConflict {
  ref: ObjectRef;
  otherOwner: OwnerKey;
}

/**
 * Desired objects that already exist and carry another IstioOperator's ownership labels (name or
 * namespace differ). Unlabelled objects are not conflicts: we adopt them. Pure; `live` comes from
 * getLiveObjects, the same read the no-op check uses. Objects we do not mark as owned (the shared
 * Base objects: CRDs, the reader account) cannot conflict: applying them takes nothing from anyone.
 */
export function findOwnershipConflicts(
  desired: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject | undefined>,
  owner: OwnerKey,
): OwnershipConflict[] {
  const conflicts: OwnershipConflict[] = [];
  for (const obj of desired) {
    if (obj.metadata.labels?.[LabelKeys.owningResource] === undefined) continue;
    const labels = live.get(identityOf(obj))?.metadata.labels;
    const name = labels?.[LabelKeys.owningResource];
    if (name === undefined) continue;
    const namespace = labels?.[LabelKeys.owningResourceNamespace] ?? '';
    if (name !== owner.name || namespace !== owner.namespace) conflicts.push({ ref: refOf(obj), otherOwner: { name, namespace } });
  }
  return conflicts;
}
