import { identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { OwnerKey } from './ports.js';
import { isAppliedByUs } from './prune-inventory.js';

export interface OwnershipConflict {
  ref: ObjectRef;
  /** The IstioOperator (reconciled by this operator) that holds the object. */
  otherOwner: OwnerKey;
}

export interface OwnershipFindings {
  /** Desired objects that another IstioOperator of this operator holds: never taken. */
  conflicts: OwnershipConflict[];
  /**
   * Live copies of desired objects that this operator never applied: another installer's (istioctl,
   * Istio's old operator, Helm) or a person's. Istio's ownership labels prove nothing here, since
   * every Istio installer writes them. Taken over only when the user asks and the administrator allows.
   */
  foreign: KubeObject[];
}

/**
 * Sorts the live copies of desired objects by who holds them. Ours: the uid is in our inventory, or our
 * field manager applied it (and, for owner-labelled kinds, no other IstioOperator's labels are on it).
 * The shared Base objects (no owner labels) are ours once any IstioOperator of ours applied them. Pure;
 * `live` must keep our manager's managedFields entries (the cache does).
 */
export function findOwnership(
  desired: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject | undefined>,
  owner: OwnerKey,
  inventoryUids: ReadonlySet<string> = new Set(),
): OwnershipFindings {
  const findings: OwnershipFindings = { conflicts: [], foreign: [] };
  for (const obj of desired) {
    const current = live.get(identityOf(obj));
    if (!current) continue;
    const uid = typeof current.metadata.uid === 'string' ? current.metadata.uid : '';
    if (!inventoryUids.has(uid) && !isAppliedByUs(current)) {
      findings.foreign.push(current);
      continue;
    }
    if (obj.metadata.labels?.[LabelKeys.owningResource] === undefined) continue;
    const labels = current.metadata.labels ?? {};
    const name = labels[LabelKeys.owningResource];
    const namespace = labels[LabelKeys.owningResourceNamespace] ?? '';
    if (name !== undefined && (name !== owner.name || namespace !== owner.namespace)) findings.conflicts.push({ ref: refOf(obj), otherOwner: { name, namespace } });
  }
  return findings;
}
