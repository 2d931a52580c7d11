import type { IstioOperatorObject } from '../api/istio-operator.js';
import { formatRef, refOf } from '../api/kube-object.js';
import { AnnotationKeys, DeletionPolicies, FINALIZER } from '../api/labels.js';
import { pruneOrder } from '../pipeline/order-objects.js';
import type { ReconcilerDeps } from './reconcile-istio-operator.js';
import type { OwnerKey } from './ports.js';
import type { ReconcileOutcome } from './reconcile-errors.js';

const DELETION_POLL_MS = 2_000;

/**
 * The finalizer: delete everything this CR owns (never CRDs; a namespace only if we created it and it
 * is empty), then release the CR. Bounded: past the deletion timeout the finalizer is released anyway,
 * with a Warning event naming what is stuck, so a CR never hangs in Terminating forever.
 */
export async function finalizeIstioOperator(iop: IstioOperatorObject, owner: OwnerKey, deps: ReconcilerDeps): Promise<ReconcileOutcome> {
  const { cluster, logger } = deps;
  if (!(iop.metadata.finalizers ?? []).includes(FINALIZER)) return { kind: 'done' };

  if (iop.metadata.annotations?.[AnnotationKeys.deletionPolicy] === DeletionPolicies.orphan) {
    logger.info({}, 'Orphaned the installation of a deleted IstioOperator');
    await cluster.removeFinalizer(iop);
    return { kind: 'done' };
  }

  const owned = await cluster.listOwned(owner, { includeNamespaces: true });
  const objects = owned.filter((o) => o.kind !== 'Namespace');
  if (objects.length > 0) {
    const deleted = await cluster.deleteObjects(pruneOrder(objects));
    logger.info({ deleted: deleted.deleted.length }, 'Deleted objects of a deleted IstioOperator');
  }
  // Objects still terminating (their own finalizers) count as remaining: we wait for them, bounded below.
  const remaining = await cluster.listOwned(owner);
  if (remaining.length === 0) {
    for (const ns of owned.filter((o) => o.kind === 'Namespace')) {
      if (await cluster.isNamespaceEmpty(ns.metadata.name)) await cluster.deleteObjects([ns]);
    }
    await cluster.removeFinalizer(iop);
    logger.info({}, 'Finalized deleted IstioOperator');
    return { kind: 'done' };
  }

  const waited = deps.clock.now().getTime() - Date.parse(iop.metadata.deletionTimestamp ?? '');
  if (waited > deps.options.deletionTimeoutMs) {
    const stuck = remaining.map((o) => formatRef(refOf(o)));
    await cluster.recordEvent(iop, 'Warning', 'DeletionBlocked', `Released the finalizer after ${Math.round(waited / 1000)}s; still present: ${stuck.slice(0, 10).join(', ')}`);
    logger.warn({ stuck }, 'Released finalizer with objects left behind');
    await cluster.removeFinalizer(iop);
    return { kind: 'done' };
  }
  return { kind: 'requeueAfter', ms: DELETION_POLL_MS };
}
