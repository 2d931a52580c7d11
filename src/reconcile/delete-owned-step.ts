import { formatRef, refOf } from '../api/kube-object.js';
import { pruneOrder } from '../pipeline/order-objects.js';
import type { ClusterPort, OwnerKey } from './ports.js';
import type { ReconcileLogger } from './reconcile-logger.js';

/** One pass of uninstalling: what was deleted now, and either done or what we are still waiting for. */
export type DeletionStep =
  | { kind: 'finished'; deleted: string[] }
  | { kind: 'waiting'; deleted: string[]; remaining: string[] };

/**
 * Deletes the owned objects not yet being deleted (one still terminating behind its own finalizers is
 * waited for, not deleted and logged again on every poll); once none is left, deletes the namespaces
 * this owner created that are truly empty. Throws whatever the API answered; the caller bounds it.
 */
export async function deleteOwnedStep(owner: OwnerKey, cluster: ClusterPort, logger: ReconcileLogger): Promise<DeletionStep> {
  const owned = await cluster.listOwned(owner, { includeNamespaces: true });
  const objects = owned.filter((o) => o.kind !== 'Namespace');
  const fresh = objects.filter((o) => !o.metadata.deletionTimestamp);
  let deleted: string[] = [];
  if (fresh.length > 0) {
    deleted = (await cluster.deleteObjects(pruneOrder(fresh))).deleted.map(formatRef);
    logger.info({ deleted: deleted.length }, 'Deleted objects of a deleted IstioOperator');
  }
  const remaining = objects.length > 0 ? await cluster.listOwned(owner) : [];
  if (remaining.length > 0) return { kind: 'waiting', deleted, remaining: remaining.map((o) => formatRef(refOf(o))) };
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
