import type { InventoryEntry } from '../api/istio-operator.js';
import { formatRef, refOf } from '../api/kube-object.js';
import { pruneOrder } from '../pipeline/order-objects.js';
import type { ClusterPort, OwnerKey } from './ports.js';
import { isProtectedKind } from './compute-prunable.js';
import { buildPruneCandidates, decidePrune } from './prune-inventory.js';
import type { ReconcileLogger } from './reconcile-logger.js';

/** One pass of uninstalling: what was deleted now, and either done or what we are still waiting for. */
export type DeletionStep =
  | { kind: 'finished'; deleted: string[] }
  | { kind: 'waiting'; deleted: string[]; remaining: string[] };

/**
 * Deletes what this owner's inventory recorded and what is labelled as ours and applied by us, each
 * confirmed on a fresh read exactly as pruning does (prune-inventory.ts): an object recreated by someone
 * else, relabelled for another owner or marked not-pruned is left alone and does not hold up the
 * deletion. One still terminating behind its own finalizers is waited for, not deleted again. Once none
 * is left, deletes the namespaces this owner created that are truly empty. Throws whatever the API
 * answered; the caller bounds it.
 */
export async function deleteOwnedStep(owner: OwnerKey, inventory: readonly InventoryEntry[], cluster: ClusterPort, logger: ReconcileLogger): Promise<DeletionStep> {
  const owned = await cluster.listOwned(owner, { includeNamespaces: true });
  // The inventory records every applied object, the CRDs too: those stay, as they do when pruning, and so do
  // namespaces here (isProtectedKind); the empty ones this owner created go last, below.
  const candidates = buildPruneCandidates(owned, inventory).filter((o) => !isProtectedKind(o));
  const live = candidates.length > 0 ? await cluster.readLive(candidates, { fresh: true }) : new Map();
  const decision = decidePrune(candidates, live, owner, inventory);
  for (const skipped of decision.skipped) logger.info(skipped, 'Left an object in place while deleting: not ours');
  const kept = new Set(decision.skipped.map((s) => s.object));
  let deleted: string[] = [];
  if (decision.delete.length > 0) {
    deleted = (await cluster.deleteObjects(pruneOrder(decision.delete))).deleted.map(formatRef);
    logger.info({ deleted: deleted.length }, 'Deleted objects of a deleted IstioOperator');
  }
  const remaining = candidates.length > 0
    ? [...(await cluster.readLive(candidates, { fresh: true })).values()].flatMap((o) => (o ? [formatRef(refOf(o))] : [])).filter((ref) => !kept.has(ref))
    : [];
  if (remaining.length > 0) return { kind: 'waiting', deleted, remaining };
  for (const ns of owned.filter((o) => o.kind === 'Namespace')) {
    if (ns.metadata.deletionTimestamp) continue;
    if (await cluster.isNamespaceEmpty(ns.metadata.name)) {
      await cluster.deleteObjects([ns]);
      deleted.push(formatRef(refOf(ns)));
      logger.info({ namespace: ns.metadata.name }, 'Deleted the namespace we created, now empty');
    } else {
      logger.info({ namespace: ns.metadata.name }, 'Kept the namespace we created: it holds objects we do not own');
    }
  }
  return { kind: 'finished', deleted };
}

export function abbreviateNames(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
