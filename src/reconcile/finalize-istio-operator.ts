import type { IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import { AnnotationKeys, DeletionPolicies, FINALIZER } from '../api/labels.js';
import { computeStatus, statusEquals } from './compute-status.js';
import { ConditionReasons, ConditionTypes, findCondition } from './conditions.js';
import { abbreviateNames, deleteOwnedStep, type DeletionStep } from './delete-owned-step.js';
import type { OwnerKey } from './ports.js';
import { revisionUsersQuery } from './revision-in-use.js';
import type { ReconcileOutcome } from './reconcile-errors.js';
import type { ReconcilerDeps } from './reconciler-deps.js';

const DELETION_POLL_MS = 2_000;
/** How often a deletion waiting for workloads to leave its revision looks again. */
const IN_USE_POLL_MS = 5_000;

/**
 * The finalizer: delete everything this CR owns, from its recorded inventory and its labels, each
 * confirmed on a fresh read (never CRDs; a namespace only if we created it and it is truly empty), then
 * release the CR. Bounded whatever fails: past the deletion timeout, measured
 * from deletionTimestamp, the finalizer is released anyway with a Warning Event naming what is stuck
 * or failing, so a CR never hangs in Terminating. Meanwhile status says Ready=False, Reconciling
 * reason Deleting, and each Event is emitted once per change, not once per poll.
 */
export async function finalizeIstioOperator(iop: IstioOperatorObject, owner: OwnerKey, deps: ReconcilerDeps): Promise<ReconcileOutcome> {
  const { cluster, logger } = deps;
  if (!(iop.metadata.finalizers ?? []).includes(FINALIZER)) return { kind: 'done' };

  if (iop.metadata.annotations?.[AnnotationKeys.deletionPolicy] === DeletionPolicies.orphan) {
    logger.info({}, 'Orphaned the installation of a deleted IstioOperator');
    await cluster.recordEvent(iop, 'Normal', 'Orphaned', 'Released the finalizer; the installation is left in place (deletion policy orphan)');
    await cluster.removeFinalizer(iop);
    return { kind: 'done' };
  }

  const previous = iop.status as IstioOperatorStatus | undefined;
  const reconciling = findCondition(previous?.conditions, ConditionTypes.Reconciling);

  // Workloads still on this revision would lose their control plane: wait for them (not bounded by the
  // deletion timeout, which only ever leaves objects behind), unless the user forces it.
  if (iop.metadata.annotations?.[AnnotationKeys.forceRemoval] !== 'true') {
    const users = await cluster.findRevisionUsers(revisionUsersQuery(iop, owner));
    if (users.length > 0) {
      const message =
        `Waiting: ${users.length} workload(s) still use this revision: ${abbreviateNames(users, 10)}. Move them to another ` +
        `revision, or annotate ${AnnotationKeys.forceRemoval}=true to remove it anyway`;
      if (reconciling?.message !== message) await cluster.recordEvent(iop, 'Warning', 'RevisionInUse', message);
      await writeDeletingStatus(iop, previous, message, deps);
      return { kind: 'requeueAfter', ms: IN_USE_POLL_MS };
    }
  }

  // A deletion that waited for workloads (its message starts `Waiting: `) has not begun deleting yet.
  const alreadyDeleting = reconciling?.status === 'True' && reconciling.reason === ConditionReasons.Deleting && !reconciling.message?.startsWith('Waiting: ');
  if (!alreadyDeleting) await cluster.recordEvent(iop, 'Normal', 'Deleting', 'Deleting the objects of this installation');

  let step: DeletionStep | undefined;
  let failure: string | undefined;
  try {
    step = await deleteOwnedStep(owner, previous?.inventory?.objects ?? [], cluster, logger);
  } catch (err) {
    failure = (err as Error).message;
  }
  if (step && step.deleted.length > 0) {
    await cluster.recordEvent(iop, 'Normal', 'Deleted', `Deleted ${step.deleted.length} object(s): ${abbreviateNames(step.deleted)}`);
  }
  if (step?.kind === 'finished') {
    await cluster.recordEvent(iop, 'Normal', 'Finalized', 'Every owned object is gone; released the finalizer');
    await cluster.removeFinalizer(iop);
    logger.info({}, 'Finalized deleted IstioOperator');
    return { kind: 'done' };
  }

  const boundMs = deps.options.deletionTimeoutMs;
  const deletedAt = Date.parse(iop.metadata.deletionTimestamp ?? '');
  const waited = Number.isNaN(deletedAt) ? 0 : deps.clock.now().getTime() - deletedAt;
  const stuck = step?.kind === 'waiting' ? `still present: ${abbreviateNames(step.remaining, 10)}` : `deletion failed: ${failure ?? 'unknown error'}`;
  if (waited > boundMs) {
    await cluster.recordEvent(iop, 'Warning', 'DeletionBlocked', `Released the finalizer after ${Math.round(waited / 1000)}s; ${stuck}`);
    logger.warn({ stuck }, 'Released finalizer with objects left behind');
    await cluster.removeFinalizer(iop);
    return { kind: 'done' };
  }

  const message = step?.kind === 'waiting'
    ? `Waiting for ${step.remaining.length} object(s) to be deleted: ${abbreviateNames(step.remaining)}`
    : `Deletion failed (retrying for up to ${Math.round(boundMs / 1000)}s after deletion): ${failure ?? 'unknown error'}`;
  // One Warning per distinct failure: the status message remembers the last one across polls.
  if (failure && reconciling?.message !== message) {
    logger.warn({ err: failure }, 'Deleting owned objects failed; retrying');
    await cluster.recordEvent(iop, 'Warning', 'DeletionFailed', message);
  }
  await writeDeletingStatus(iop, previous, message, deps);
  return { kind: 'requeueAfter', ms: Math.max(0, Math.min(DELETION_POLL_MS, boundMs - waited + 1)) };
}

async function writeDeletingStatus(iop: IstioOperatorObject, previous: IstioOperatorStatus | undefined, message: string, deps: ReconcilerDeps): Promise<void> {
  const status = computeStatus({ generation: iop.metadata.generation ?? 0, ...(previous ? { previous } : {}), outcome: { kind: 'deleting', message }, now: deps.clock.now() });
  if (statusEquals(previous, status)) return;
  try {
    await deps.cluster.patchStatus(iop, status);
  } catch (err) {
    deps.logger.debug({ err: (err as Error).message }, 'Writing the Deleting status failed');
  }
}
