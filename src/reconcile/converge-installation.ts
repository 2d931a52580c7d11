import { identityOf, refOf } from '../api/kube-object.js';
import type { DesiredState } from '../pipeline/types.js';
import { assessComponents, type ComponentReadiness } from './assess-readiness.js';
import { computePrunable } from './compute-prunable.js';
import { findOwnershipConflicts } from './ownership-conflicts.js';
import type { ApplySummary, ClusterPort, LiveObjects, OwnerKey, PruneSummary } from './ports.js';
import { ConflictError } from './reconcile-errors.js';

/** Called between the steps, so a caller can report (events, progress lines) as each one finishes. */
export interface ConvergeHooks {
  onApplied?(applied: ApplySummary): Promise<void> | void;
  onPruned?(pruned: PruneSummary): Promise<void> | void;
}

export interface ConvergeResult {
  applied: ApplySummary;
  /** Undefined when nothing was left to prune. */
  pruned: PruneSummary | undefined;
}

/** Kinds whose readiness is more than existence; re-read after apply to see their status. */
const ROLLOUT_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'CustomResourceDefinition']);

/**
 * The write half shared by the reconciler and `istio-operator install`: read live, refuse objects
 * another owner holds, ensure namespaces, server-side apply in order, then prune what this owner
 * no longer renders. `desired` must come from a successful render (an empty set would prune all).
 */
export async function convergeInstallation(desired: DesiredState, owner: OwnerKey, cluster: ClusterPort, hooks: ConvergeHooks = {}): Promise<ConvergeResult> {
  const live = await cluster.readLive(desired.objects);
  assertNoConflicts(desired, live, owner);

  for (const namespace of buildNamespaces(desired)) await cluster.ensureNamespace(namespace, owner);
  const applied = await cluster.applyObjects(desired.objects, live);
  await hooks.onApplied?.(applied);

  const prunable = computePrunable(await cluster.listOwned(owner), desired.objects);
  if (prunable.length === 0) return { applied, pruned: undefined };
  const pruned = await cluster.deleteObjects(prunable);
  await hooks.onPruned?.(pruned);
  return { applied, pruned };
}

/** Throws ConflictError for the first desired object that another IstioOperator owns. */
export function assertNoConflicts(desired: DesiredState, live: LiveObjects, owner: OwnerKey): void {
  const [conflict] = findOwnershipConflicts(desired.objects, live, owner);
  if (conflict) throw new ConflictError(conflict.ref, conflict.otherOwner);
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
