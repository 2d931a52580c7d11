import { randomUUID } from 'node:crypto';
import type { IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import { formatRef } from '../api/kube-object.js';
import { AnnotationKeys, FINALIZER } from '../api/labels.js';
import type { GatewayListMerge } from '../pipeline/merge-gateways-by-name.js';
import { checkVersionChange, renderIstioOperator } from './render-istio-operator.js';
import { buildErrorSummary, computeStatus, isNewGeneration, progressStartedAt, statusEquals, type ReconcileResultSummary } from './compute-status.js';
import { ConditionReasons, ConditionTypes, findCondition } from './conditions.js';
import { checkInstallNamespaces } from './check-install-namespaces.js';
import { assessInstallation, convergeInstallation } from './converge-installation.js';
import { abbreviateNames } from './delete-owned-step.js';
import { finalizeIstioOperator } from './finalize-istio-operator.js';
import type { OwnerKey } from './ports.js';
import { buildErrorOutcome, InvalidSpecError, type ReconcileOutcome } from './reconcile-errors.js';
import type { ReconcilerDeps } from './reconciler-deps.js';
import { createReportedProblems, planStatusEvents, type ReportedProblems } from './status-events.js';
import { describeListMergeDifference, detectGatewayListMerge, resolveTakeoverPermission } from './takeover-inputs.js';

export type { ReconcilerDeps, ReconcilerOptions } from './reconciler-deps.js';

/**
 * Level-based reconcile of one IstioOperator `namespace/name`: re-reads everything, never looks at
 * which event woke it. Render, refuse conflicts, apply, prune, assess readiness, then write status once.
 */
export function createReconciler(deps: ReconcilerDeps, reported: ReportedProblems = createReportedProblems()): (key: string) => Promise<ReconcileOutcome> {
  return async (key) => {
    const owner = parseKey(key);
    const log = deps.logger.child({ istioOperator: key, reconcileId: randomUUID().slice(0, 8) });
    const iop = await deps.cluster.getIstioOperator(owner);
    if (!iop) {
      log.debug({}, 'IstioOperator not found; nothing to do');
      return { kind: 'done' };
    }
    if (iop.metadata.annotations?.[AnnotationKeys.ignoreReconcile] === 'true') {
      // Istio's old operator's pause switch: leave the CR and its installation exactly as they are. A
      // paused CR being deleted only loses our finalizer, so it can go; its objects stay.
      log.info({}, 'Left a paused IstioOperator untouched');
      if (iop.metadata.deletionTimestamp && (iop.metadata.finalizers ?? []).includes(FINALIZER)) await deps.cluster.removeFinalizer(iop);
      return { kind: 'done' };
    }
    if (iop.metadata.deletionTimestamp) {
      reported.forget(uidOf(iop));
      return finalizeIstioOperator(iop, owner, { ...deps, logger: log });
    }

    const started = deps.clock.now().getTime();
    const generation = iop.metadata.generation ?? 0;
    const read = iop.status as IstioOperatorStatus | undefined;
    let previous = read;
    // First act on a new generation: say so before anything can fail or take time.
    if (isNewGeneration(previous, generation)) {
      previous = computeStatus({ generation, previous, outcome: { kind: 'started' }, now: deps.clock.now() });
      await deps.cluster.patchStatus(iop, previous);
    }
    if (!(iop.metadata.finalizers ?? []).includes(FINALIZER)) await deps.cluster.addFinalizer(iop);

    let summary: ReconcileResultSummary;
    let outcome: ReconcileOutcome;
    try {
      ({ summary, outcome } = await converge(iop, owner, previous, { ...deps, logger: log }));
    } catch (error) {
      summary = buildErrorSummary(error);
      outcome = buildErrorOutcome(error);
      log.warn({ reason: summary.kind === 'stalled' || summary.kind === 'retrying' ? summary.reason : undefined, err: (error as Error).message }, 'IstioOperator reconcile failed');
    }
    const status = computeStatus({ generation, previous, outcome: summary, now: deps.clock.now() });
    await reportProblems(iop, status, read, generation, reported, deps);
    if (!statusEquals(previous, status)) await deps.cluster.patchStatus(iop, status);
    deps.recorder.reconciled(iop, outcome.kind === 'done' && summary.kind === 'ready' ? 'ready' : summary.kind, deps.clock.now().getTime() - started);
    return outcome;
  };
}

/** One Warning Event per distinct problem and per distinct set of render warnings. */
const uidOf = (iop: IstioOperatorObject): string => iop.metadata.uid ?? `${iop.metadata.namespace ?? ''}/${iop.metadata.name}`;

async function reportProblems(iop: IstioOperatorObject, status: IstioOperatorStatus, read: IstioOperatorStatus | undefined, generation: number, reported: ReportedProblems, deps: ReconcilerDeps): Promise<void> {
  const uid = uidOf(iop);
  const planned = planStatusEvents(status, generation);
  for (const slot of ['problem', 'warning'] as const) {
    const event = planned[slot];
    if (!event) reported.clear(uid, slot);
    else if (reported.isNew(uid, event, read, generation)) await deps.cluster.recordEvent(iop, event.type, event.reason, event.message);
  }
}

interface Converged {
  summary: ReconcileResultSummary;
  outcome: ReconcileOutcome;
}

async function converge(iop: IstioOperatorObject, owner: OwnerKey, previous: IstioOperatorStatus | undefined, deps: ReconcilerDeps): Promise<Converged> {
  const { cluster, logger } = deps;
  const inventory = previous?.inventory?.objects ?? [];
  const listMerge = previous?.gatewayListMerge ?? (await detectGatewayListMerge(owner, inventory, cluster));
  const render = (gatewayListMerge: GatewayListMerge) => renderIstioOperator(iop, owner, previous, gatewayListMerge, deps);
  const rendered = render(listMerge);
  if (!rendered.ok) throw new InvalidSpecError(rendered.errors);
  const desired = rendered.value;
  checkVersionChange(iop, previous, desired.istioVersion);
  const refused = checkInstallNamespaces(desired, owner, deps.options.installNamespaces);
  if (refused.length > 0) throw new InvalidSpecError(refused);

  const { applied } = await convergeInstallation(desired, owner, cluster, {
    async onTakeover(plan) {
      logger.info({ plan }, 'Took over objects of another installer');
      await cluster.recordEvent(iop, 'Normal', 'TakenOver', `Taking over ${plan.unchanged.length + plan.configure.length + plan.rollOut.length} object(s) of ${plan.installers.map((i) => i.installer).join('; ')}: ${plan.rollOut.length} to roll out, ${plan.configure.length} to change, ${plan.create.length} to create, ${plan.leftAlone.length} left in place, 0 deleted`);
    },
    async onApplied(applied) {
      const changed = applied.created.length + applied.configured.length;
      if (changed === 0) return;
      const drift = previous?.observedGeneration === iop.metadata.generation && findCondition(previous?.conditions, ConditionTypes.Ready)?.status === 'True';
      const names = [...applied.created, ...applied.configured].map(formatRef);
      logger.info({ created: applied.created.length, configured: applied.configured.length, unchanged: applied.unchanged, writes: applied.writes }, 'Applied IstioOperator objects');
      await cluster.recordEvent(iop, 'Normal', drift ? 'DriftCorrected' : 'Applied', `${drift ? 'Restored' : 'Applied'} ${changed} object(s): ${abbreviateNames(names)}`);
      deps.recorder.applied(applied.created.length, applied.configured.length, drift);
    },
    async onPruned(pruned) {
      logger.info({ pruned: pruned.deleted.map(formatRef) }, 'Pruned objects no longer rendered');
      await cluster.recordEvent(iop, 'Normal', 'Pruned', `Deleted ${pruned.deleted.length} object(s) no longer rendered: ${abbreviateNames(pruned.deleted.map(formatRef))}`);
      deps.recorder.pruned(pruned.deleted.length);
    },
    onPruneSkipped: (skipped) => logger.warn({ skipped }, 'Left prune candidates that are not ours'),
  }, {
    inventory,
    takeover: resolveTakeoverPermission(iop, owner, deps.options.adoptNamespaces),
    describeListMerge: () => (desired.gatewayListMerge === 'by-name' ? describeListMergeDifference(desired, render('replace')) : undefined),
  });

  const components = await assessInstallation(desired, cluster);
  deps.recorder.componentsAssessed(iop, components);
  const inventoryCount = desired.objects.length;
  const done = { components, inventoryCount, inventory: applied.inventory, warnings: desired.warnings, gatewayListMerge: desired.gatewayListMerge, istioVersion: desired.istioVersion };
  if (components.every((c) => c.ready)) return { summary: { kind: 'ready', ...done }, outcome: { kind: 'done' } };

  const now = deps.clock.now().getTime();
  const since = progressStartedAt(previous, iop.metadata.generation ?? 0) ?? now;
  if (now - since > deps.options.progressDeadlineMs || components.some((c) => c.failed)) {
    const message = `components not ready within ${Math.round(deps.options.progressDeadlineMs / 1000)}s: ${components.filter((c) => !c.ready).flatMap((c) => c.reasons).join('; ')}`;
    // Keep checking at a slower pace: a late rollout still turns the CR Ready.
    return {
      summary: { kind: 'stalled', reason: ConditionReasons.ProgressDeadlineExceeded, message, components },
      outcome: { kind: 'requeueAfter', ms: STALLED_RECHECK_FACTOR * deps.options.readinessRequeueMs },
    };
  }
  return { summary: { kind: 'progressing', ...done }, outcome: { kind: 'requeueAfter', ms: deps.options.readinessRequeueMs } };
}

/** A rollout past its deadline is re-checked this many times less often than one in progress. */
const STALLED_RECHECK_FACTOR = 6;


export function parseKey(key: string): OwnerKey {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

