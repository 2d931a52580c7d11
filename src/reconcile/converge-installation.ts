import { ComponentNames } from '../api/components.js';
import type { InventoryEntry } from '../api/istio-operator.js';
import { formatRef, identityOf, refOf, type KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { DesiredState } from '../pipeline/types.js';
import { assessComponents, type ComponentReadiness } from './assess-readiness.js';
import { computePrunable } from './compute-prunable.js';
import { ConditionReasons } from './conditions.js';
import { identifyInstallers } from './identify-installer.js';
import { keepNewerShared } from './keep-newer-shared.js';
import { findOwnership } from './ownership-conflicts.js';
import { listsRevisionTag, revisionTagOf, tagReceiver } from './revision-tag-handover.js';
import { planTakeover, type TakeoverPlan } from './plan-takeover.js';
import type { ApplySummary, ClusterPort, LiveObjects, OwnerKey, PruneSummary } from './ports.js';
import { buildPruneCandidates, decidePrune, isAppliedByUs, type PruneDecision } from './prune-inventory.js';
import { ConflictError, TakeoverRequiredError } from './reconcile-errors.js';
import { assessInPlaceUpgrade } from './upgrade-policy.js';

/** Called between the steps, so a caller can report (events, progress lines) as each one finishes. */
export interface ConvergeHooks {
  onApplied?(applied: ApplySummary): Promise<void> | void;
  onPruned?(pruned: PruneSummary): Promise<void> | void;
  /** Prune candidates that turned out not to be ours on the fresh read before deleting. */
  onPruneSkipped?(skipped: PruneDecision['skipped']): Promise<void> | void;
  /** Another installer's objects are about to be taken over, as planned (before anything is written). */
  onTakeover?(plan: TakeoverPlan): Promise<void> | void;
}

export interface ConvergeOptions {
  /** What the last successful reconcile applied (status.inventory.objects). */
  inventory?: readonly InventoryEntry[];
  /** What may happen to objects another installer made. Without it they stall the install. */
  takeover?: TakeoverPermission;
  /** Says where Istio 1.23's by-name gateway merge and list replacement render differently, if they do. */
  describeListMerge?: () => string | undefined;
}

/** The user's and the administrator's word on taking over another installer's objects. */
export interface TakeoverPermission {
  /** Allowed: the user asked and the administrator allows it here. */
  allowed: boolean;
  /** What the user can do, when not allowed (how to ask, or why asking is not enough). */
  advice: string;
  /** The user accepts an in-place version change upstream's policy does not allow. */
  allowVersionSkip: boolean;
  /** How the user accepts that. */
  versionSkipAdvice: string;
}

export interface ConvergeResult {
  applied: ApplySummary;
  /** Undefined when nothing was left to prune. */
  pruned: PruneSummary | undefined;
  /** Set when this pass took over another installer's objects. */
  takenOver?: TakeoverPlan;
}

/** Kinds Kubernetes fills from a Service, copying its labels: never an installer's own object. */
const MIRRORED_KINDS = new Set(['Endpoints', 'EndpointSlice']);

/** Kinds whose readiness is more than existence; re-read after apply to see their status. */
const ROLLOUT_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'CustomResourceDefinition']);

/**
 * The write half shared by the reconciler and `istio-operator install`: read live, refuse objects another
 * IstioOperator holds, stop before touching another installer's objects unless a takeover is allowed (and
 * the version change it makes is one upstream allows in place, or accepted), ensure namespaces,
 * server-side apply in order, then prune what this owner no longer renders: candidates from the labels
 * and the inventory, each confirmed on a fresh read. `desired` must come from a successful render (an
 * empty set would prune all).
 */
export async function convergeInstallation(
  desired: DesiredState,
  owner: OwnerKey,
  cluster: ClusterPort,
  hooks: ConvergeHooks = {},
  options: ConvergeOptions = {},
): Promise<ConvergeResult> {
  const inventory = options.inventory ?? [];
  const { live, takeover } = await checkOwnership(desired, owner, cluster, options);
  if (takeover) await hooks.onTakeover?.(takeover);

  for (const namespace of buildNamespaces(desired)) await cluster.ensureNamespace(namespace, owner);
  const shared = new Set(desired.components.filter((c) => c.component === ComponentNames.base).flatMap((c) => c.objects.map(identityOf)));
  const { apply } = keepNewerShared(desired.objects, shared, live, desired.istioVersion);
  const applied = await cluster.applyObjects(apply, live);
  await hooks.onApplied?.(applied);

  const decision = await planPrune(desired, owner, cluster, inventory);
  if (decision.skipped.length > 0) await hooks.onPruneSkipped?.(decision.skipped);
  const result = { applied, pruned: undefined, ...(takeover ? { takenOver: takeover } : {}) };
  if (decision.delete.length === 0) return result;
  const pruned = await cluster.deleteObjects(decision.delete);
  if (pruned.deleted.length > 0) await hooks.onPruned?.(pruned);
  return { ...result, pruned };
}

/**
 * What pruning would delete now and what it would leave: candidates from the labels and the inventory
 * that `desired` no longer holds, each confirmed on a fresh read. Reads only; `install --dry-run` shows it.
 */
export async function planPrune(desired: DesiredState, owner: OwnerKey, cluster: ClusterPort, inventory: readonly InventoryEntry[] = []): Promise<PruneDecision> {
  const candidates = computePrunable(buildPruneCandidates(await cluster.listOwned(owner), inventory), desired.objects);
  if (candidates.length === 0) return { delete: [], skipped: [] };
  const decision = decidePrune(candidates, await cluster.readLive(candidates, { fresh: true }), owner, inventory);
  return handOverRevisionTags(decision, owner, cluster);
}

/** A tag object another IstioOperator now lists the tag of is left for it to take over, never deleted (revision-tag-handover.ts). */
async function handOverRevisionTags(decision: PruneDecision, owner: OwnerKey, cluster: ClusterPort): Promise<PruneDecision> {
  if (!decision.delete.some((o) => revisionTagOf(o) !== undefined)) return decision;
  const iops = await cluster.listIstioOperators();
  const kept: PruneDecision = { delete: [], skipped: [...decision.skipped] };
  for (const o of decision.delete) {
    const tag = revisionTagOf(o);
    const receiver = tag === undefined ? undefined : tagReceiver(iops, tag, owner);
    if (receiver) kept.skipped.push({ object: formatRef(refOf(o)), reason: `revision tag ${String(tag)} goes to IstioOperator ${receiver.namespace}/${receiver.name}, which takes it over` });
    else kept.delete.push(o);
  }
  return kept;
}

/**
 * Reads what the render meets and decides whether it may be written: throws ConflictError for an object
 * another IstioOperator holds, TakeoverRequiredError for another installer's objects (unless a takeover
 * is allowed) or for a version change beyond upstream's in-place policy (unless accepted). Suspects seen
 * in the cache are confirmed on a fresh read first, which also brings every field manager for the plan.
 * Returns the live copies to apply over and, when it takes over, the plan. Reads only.
 */
export async function checkOwnership(
  desired: DesiredState,
  owner: OwnerKey,
  cluster: ClusterPort,
  options: ConvergeOptions = {},
): Promise<{ live: LiveObjects; takeover?: TakeoverPlan }> {
  const uids = new Set((options.inventory ?? []).map((e) => e.uid));
  let live = await cluster.readLive(desired.objects);
  let found = findOwnership(desired.objects, live, owner, uids);
  if (found.conflicts.length === 0 && found.foreign.length === 0) return { live };
  const ids = new Set([...found.conflicts.map((c) => identityOf(c.ref)), ...found.foreign.map(identityOf)]);
  const suspects = desired.objects.filter((o) => ids.has(identityOf(o)));
  const fresh = await cluster.readLive(suspects, { fresh: true });
  live = new Map([...live, ...fresh]);
  found = findOwnership(suspects, fresh, owner, uids);
  for (const conflict of found.conflicts) {
    const wanted = suspects.find((o) => identityOf(o) === identityOf(conflict.ref));
    const tag = wanted ? revisionTagOf(wanted) : undefined;
    // A revision tag whose holder no longer lists it is taken over in place (revision-tag-handover.ts).
    if (tag !== undefined && !listsRevisionTag(await cluster.getIstioOperator(conflict.otherOwner), tag)) continue;
    throw new ConflictError(conflict.ref, conflict.otherOwner, tag);
  }
  if (found.foreign.length === 0) return { live };

  const plan = await buildTakeoverPlan(desired, owner, live, found.foreign, cluster, options.describeListMerge?.());
  const permission = options.takeover ?? { allowed: false, advice: 'refusing to take it over', allowVersionSkip: false, versionSkipAdvice: '' };
  if (!permission.allowed) throw new TakeoverRequiredError(plan, ConditionReasons.TakeoverRequired, permission.advice);
  if (plan.versionProblem && !permission.allowVersionSkip) throw new TakeoverRequiredError(plan, ConditionReasons.UpgradeNotAllowed, permission.versionSkipAdvice);
  return { live, takeover: plan };
}

async function buildTakeoverPlan(
  desired: DesiredState,
  owner: OwnerKey,
  live: LiveObjects,
  foreign: readonly KubeObject[],
  cluster: ClusterPort,
  listMergeNote: string | undefined,
): Promise<TakeoverPlan> {
  const installers = identifyInstallers(foreign, owner);
  const target = desired.istioVersion;
  const installed = installers.map((g) => g.version).find((v) => v !== undefined);
  // What the installers labelled as theirs, to say what a takeover leaves behind (it deletes none of it).
  const labelledOwners = new Map<string, OwnerKey>();
  for (const obj of foreign) {
    const name = obj.metadata.labels?.[LabelKeys.owningResource];
    const namespace = obj.metadata.labels?.[LabelKeys.owningResourceNamespace] ?? '';
    if (name !== undefined) labelledOwners.set(`${namespace}/${name}`, { name, namespace });
  }
  const installerObjects: KubeObject[] = [];
  for (const labelled of labelledOwners.values()) installerObjects.push(...(await cluster.listOwned(labelled)).filter((o) => !isAppliedByUs(o) && !MIRRORED_KINDS.has(o.kind)));
  return planTakeover({
    desired: desired.objects,
    live,
    installers,
    installerObjects,
    version: assessInPlaceUpgrade(installed, target),
    ...(listMergeNote ? { listMergeNote } : {}),
  });
}

/**
 * Readiness of every rendered component. Only the objects with a rollout to watch are read back;
 * the rest exist, having just been applied.
 */
export async function assessInstallation(desired: DesiredState, cluster: ClusterPort): Promise<ComponentReadiness[]> {
  const live = await cluster.readLive(desired.objects.filter((o) => ROLLOUT_KINDS.has(o.kind)));
  return assessComponents(
    desired.components.map((c) => ({
      component: c.component,
      objects: c.objects.map((o) => ({ ref: refOf(o), live: ROLLOUT_KINDS.has(o.kind) ? live.get(identityOf(o)) : o })),
    })),
  );
}

/** The istio namespace plus every component namespace, sorted. */
export function buildNamespaces(desired: DesiredState): string[] {
  return [...new Set([desired.istioNamespace, ...desired.components.map((c) => c.namespace)])].sort();
}
