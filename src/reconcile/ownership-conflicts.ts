import { identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { OwnerKey } from './ports.js';

export interface OwnershipConflict {
  ref: ObjectRef;
  /** Undefined: the object exists without owner labels and adoption was not asked for. */
  otherOwner: OwnerKey | undefined;
}

export interface ConflictOptions {
  /** The IstioOperator asked to adopt unlabelled objects (AnnotationKeys.adopt). */
  adopt?: boolean;
  /** uids recorded in our inventory: an object that lost its labels but has one of them is still ours. */
  inventoryUids?: ReadonlySet<string>;
}

/**
 * Desired objects that already exist and are not ours: they carry another IstioOperator's ownership
 * labels (name or namespace differ), or no owner labels at all (someone else's object with a name we
 * render; adopted only when asked). Pure; `live` comes from readLive, the same read the no-op check
 * uses. Objects we do not mark as owned (the shared Base objects: CRDs, the reader account) cannot
 * conflict: applying them takes nothing from anyone.
 */
export function findOwnershipConflicts(
  desired: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject | undefined>,
  owner: OwnerKey,
  options: ConflictOptions = {},
): OwnershipConflict[] {
  const conflicts: OwnershipConflict[] = [];
  for (const obj of desired) {
    if (obj.metadata.labels?.[LabelKeys.owningResource] === undefined) continue;
    const current = live.get(identityOf(obj));
    if (!current) continue;
    const labels = current.metadata.labels;
    const name = labels?.[LabelKeys.owningResource];
    if (name === undefined) {
      const uid = typeof current.metadata.uid === 'string' ? current.metadata.uid : '';
      if (!options.adopt && !options.inventoryUids?.has(uid)) conflicts.push({ ref: refOf(obj), otherOwner: undefined });
      continue;
    }
    const namespace = labels?.[LabelKeys.owningResourceNamespace] ?? '';
    if (name !== owner.name || namespace !== owner.namespace) conflicts.push({ ref: refOf(obj), otherOwner: { name, namespace } });
  }
  return conflicts;
}
