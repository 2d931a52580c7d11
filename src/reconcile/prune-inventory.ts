import type { InventoryEntry } from '../api/istio-operator.js';
import { formatRef, identityOf, refOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { isJsonObject } from '../api/json.js';
import type { LiveObjects, OwnerKey } from './ports.js';

/** An inventory entry as a minimal object, for the set difference of computePrunable. */
export function inventoryStub(entry: InventoryEntry): KubeObject {
  return { apiVersion: entry.apiVersion, kind: entry.kind, metadata: { name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}), uid: entry.uid } };
}

/**
 * True when our field manager has applied to this object. Labels alone do not make an object ours:
 * Kubernetes copies a Service's labels onto the Endpoints it manages, so a labelled Endpoints we never
 * applied would be pruned and recreated in a loop.
 */
export function isAppliedByUs(obj: KubeObject): boolean {
  const fields = obj.metadata.managedFields;
  return Array.isArray(fields) && fields.some((e) => isJsonObject(e) && e.manager === FIELD_MANAGER);
}

/** What may have to go: what is labelled as ours and was applied by us, plus what our inventory recorded. */
export function buildPruneCandidates(labelled: readonly KubeObject[], inventory: readonly InventoryEntry[]): KubeObject[] {
  const byId = new Map(labelled.filter(isAppliedByUs).map((o) => [identityOf(o), o]));
  for (const entry of inventory) {
    const stub = inventoryStub(entry);
    if (!byId.has(identityOf(stub))) byId.set(identityOf(stub), stub);
  }
  return [...byId.values()];
}

export interface PruneDecision {
  /** Fresh copies (with uid) to delete, in the candidates' order. */
  delete: KubeObject[];
  /** Candidates left alone, with why. */
  skipped: { object: string; reason: string }[];
}

/**
 * The last word before a delete, on a fresh read (never the cache): an object recorded in the inventory
 * is ours while it has the recorded uid and no other owner's labels, whatever happened to its labels; one
 * only labelled as ours (applied before inventories, or before a failed status write) is ours while the
 * labels say so and no recorded uid contradicts them. Pure.
 */
export function decidePrune(candidates: readonly KubeObject[], fresh: LiveObjects, owner: OwnerKey, inventory: readonly InventoryEntry[]): PruneDecision {
  const recorded = new Map(inventory.map((e) => [identityOf(inventoryStub(e)), e.uid]));
  const decision: PruneDecision = { delete: [], skipped: [] };
  for (const candidate of candidates) {
    const id = identityOf(candidate);
    const live = fresh.get(id);
    const skip = (reason: string): void => void decision.skipped.push({ object: formatRef(refOf(candidate)), reason });
    if (!live) continue; // already gone
    const labels = live.metadata.labels ?? {};
    const labelOwner = labels[LabelKeys.owningResource];
    const ours = labelOwner === owner.name && labels[LabelKeys.owningResourceNamespace] === owner.namespace;
    const uid = recorded.get(id);
    if (labels[LabelKeys.notPruned] === 'true') skip('marked not-pruned');
    else if (typeof live.metadata.deletionTimestamp === 'string') continue;
    else if (labelOwner !== undefined && !ours) skip(`now owned by IstioOperator ${labels[LabelKeys.owningResourceNamespace] ?? ''}/${labelOwner}`);
    else if (uid !== undefined && live.metadata.uid !== uid) skip(`uid ${String(live.metadata.uid)} is not the recorded ${uid} (recreated by someone else)`);
    else if (uid === undefined && !ours) skip('neither labelled as ours nor in our inventory');
    else if (uid === undefined && !isAppliedByUs(live)) skip('labelled as ours but never applied by us');
    else decision.delete.push(live);
  }
  return decision;
}
