import type { InventoryEntry } from '../api/istio-operator.js';
import { identityOf, refOf, type KubeObject } from '../api/kube-object.js';
import type { DesiredState } from '../pipeline/types.js';
import { assessComponents, type ComponentReadiness } from './assess-readiness.js';
import { computePrunable } from './compute-prunable.js';
import { findOwnershipConflicts, type ConflictOptions } from './ownership-conflicts.js';
import type { ApplySummary, ClusterPort, LiveObjects, OwnerKey, PruneSummary } from './ports.js';
import { buildPruneCandidates, decidePrune, type PruneDecision } from './prune-inventory.js';
import { ConflictError } from './reconcile-errors.js';

/** Called between the steps, so a caller can report (events, progress lines) as each one finishes. */
export interface ConvergeHooks {
  onApplied?(applied: ApplySummary): Promise<void> | void;
  onPruned?(pruned: PruneSummary): Promise<void> | void;
  /** Prune candidates that turned out not to be ours on the fresh read before deleting. */
  onPruneSkipped?(skipped: PruneDecision['skipped']): Promise<void> | void;
}

export interface ConvergeOptions {
  /** What the last successful reconcile applied (status.inventory.objects). */
  inventory?: readonly InventoryEntry[];
  /** Take over existing objects without owner labels (AnnotationKeys.adopt). */
  adopt?: boolean;
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
 * another owner holds (or nobody does, unless adopting), ensure namespaces, server-side apply in order,
 * then prune what this owner no longer renders: candidates from the labels and the inventory, each
 * confirmed on a fresh read. `desired` must come from a successful render (an empty set would prune all).
 */
export async function convergeInstallation(
  desired: DesiredState,
  owner: OwnerKey,
  cluster: ClusterPort,
  hooks: ConvergeHooks = {},
  options: ConvergeOptions = {},
): Promise<ConvergeResult> {
  const inventory = options.inventory ?? [];
  const live = await cluster.readLive(desired.objects);
  await assertNoConflictsFresh(desired, live, owner, cluster, { adopt: options.adopt, inventoryUids: new Set(inventory.map((e) => e.uid)) });

  for (const namespace of buildNamespaces(desired)) await cluster.ensureNamespace(namespace, owner);
  const applied = await cluster.applyObjects(desired.objects, live);
  await hooks.onApplied?.(applied);

  const decision = await planPrune(desired, owner, cluster, inventory);
  if (decision.skipped.length > 0) await hooks.onPruneSkipped?.(decision.skipped);
  if (decision.delete.length === 0) return { applied, pruned: undefined };
  const pruned = await cluster.deleteObjects(decision.delete);
  if (pruned.deleted.length > 0) await hooks.onPruned?.(pruned);
  return { applied, pruned };
}

/**
 * What pruning would delete now and what it would leave: candidates from the labels and the inventory
 * that `desired` no longer holds, each confirmed on a fresh read. Reads only; `install --dry-run` shows it.
 */
export async function planPrune(desired: DesiredState, owner: OwnerKey, cluster: ClusterPort, inventory: readonly InventoryEntry[] = []): Promise<PruneDecision> {
  const candidates = computePrunable(buildPruneCandidates(await cluster.listOwned(owner), inventory), desired.objects);
  if (candidates.length === 0) return { delete: [], skipped: [] };
  return decidePrune(candidates, await cluster.readLive(candidates, { fresh: true }), owner, inventory);
}

/** Throws ConflictError for the first desired object that is not ours (another owner's, or nobody's). */
export function assertNoConflicts(desired: DesiredState, live: LiveObjects, owner: OwnerKey, options: ConflictOptions = {}): void {
  const [conflict] = findOwnershipConflicts(desired.objects, live, owner, options);
  if (conflict) throw new ConflictError(conflict.ref, conflict.otherOwner);
}

/** A conflict seen in the cache is confirmed on a fresh read first: the cache may lag a release. */
async function assertNoConflictsFresh(desired: DesiredState, live: LiveObjects, owner: OwnerKey, cluster: ClusterPort, options: ConflictOptions): Promise<void> {
  const conflicts = findOwnershipConflicts(desired.objects, live, owner, options);
  if (conflicts.length === 0) return;
  const ids = new Set(conflicts.map((c) => identityOf(c.ref)));
  const suspects: KubeObject[] = desired.objects.filter((o) => ids.has(identityOf(o)));
  assertNoConflicts({ ...desired, objects: suspects }, await cluster.readLive(suspects, { fresh: true }), owner, options);
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
