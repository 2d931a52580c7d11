import type { ComponentStatusEntry, Condition, InventoryEntry, IstioOperatorStatus } from '../api/istio-operator.js';
import type { ComponentReadiness } from './assess-readiness.js';
import { ConditionReasons, ConditionTypes, findCondition, formatTime, removeCondition, setCondition, type ConditionReason } from './conditions.js';
import { classifyError } from './reconcile-errors.js';

/** Legacy `status.status` / `componentStatus.*.status` values (Argo CD's IstioOperator health check reads them). */
export const LegacyStatus = {
  Healthy: 'HEALTHY',
  Reconciling: 'RECONCILING',
  Error: 'ERROR',
  None: 'NONE',
} as const;
export type LegacyStatusValue = (typeof LegacyStatus)[keyof typeof LegacyStatus];

/**
 * What one reconcile achieved. `components` (from assessComponents) is absent when the failure
 * came before readiness could be assessed; the previous componentStatus is then kept.
 */
export type ReconcileResultSummary =
  /** A new generation was seen; written before render/apply so no reader keeps a stale Healthy. */
  | { kind: 'started' }
  /** Applied, pruned, every component ready. `warnings`: render findings that did not stop it. */
  | ({ kind: 'ready'; components: ComponentReadiness[] } & AppliedDetails)
  /** Applied and pruned successfully; some components still rolling out. */
  | ({ kind: 'progressing'; components: ComponentReadiness[] } & AppliedDetails)
  /** Terminal for this generation (invalid spec, conflict, deadline ...): no retry until something changes. */
  | { kind: 'stalled'; reason: ConditionReason; message: string; components?: ComponentReadiness[] }
  /** Retryable failure; the same generation will be tried again with backoff. */
  | { kind: 'retrying'; reason: ConditionReason; message: string; components?: ComponentReadiness[] }
  /**
   * Finalizer running (finalize-istio-operator.ts): Ready=False and Reconciling=True, both with
   * reason Deleting, legacy status RECONCILING; componentStatus and progress are kept as they were.
   */
  | { kind: 'deleting'; message: string };

/** What a successful apply records. */
export interface AppliedDetails {
  inventoryCount?: number;
  inventory?: InventoryEntry[];
  warnings?: string[];
  gatewayListMerge?: 'by-name' | 'replace';
  /** The release the apply installed. */
  istioVersion?: string;
}

export interface ComputeStatusInput {
  generation: number;
  previous?: IstioOperatorStatus;
  outcome: ReconcileResultSummary;
  now: Date;
}

/** Maps a caught error to a stalled/retrying summary through the one decision point, classifyError. */
export function buildErrorSummary(error: unknown, components?: ComponentReadiness[]): ReconcileResultSummary {
  const { reason, message, retryable } = classifyError(error);
  return { kind: retryable ? 'retrying' : 'stalled', reason, message, ...(components ? { components } : {}) };
}

/**
 * The whole status, derived from the previous one and what this reconcile achieved (rule 8).
 * `status.observedGeneration` advances only when this generation was fully acted on (ready,
 * progressing after a successful apply, or stalled on a terminal error), never while retrying.
 */
export function computeStatus({ generation, previous, outcome, now }: ComputeStatusInput): IstioOperatorStatus {
  const { ready, reconciling, stalled } = computeConditionStates(outcome, generation);
  const warning = computeWarningState(outcome, previous);
  let conditions: Condition[] = previous?.conditions ?? [];
  conditions = setCondition(conditions, { type: ConditionTypes.Ready, ...ready, observedGeneration: generation }, now);
  const optional = [[ConditionTypes.Reconciling, reconciling], [ConditionTypes.Stalled, stalled], [ConditionTypes.Warning, warning]] as const;
  for (const [type, state] of optional) {
    conditions = state
      ? setCondition(conditions, { type, status: 'True', ...state, observedGeneration: generation }, now)
      : removeCondition(conditions, type);
  }

  const advances = outcome.kind === 'ready' || outcome.kind === 'progressing' || outcome.kind === 'stalled';
  const observedGeneration = advances ? generation : previous?.observedGeneration;
  const componentStatus = computeComponentStatus(outcome, previous?.componentStatus);
  const inventory =
    'inventoryCount' in outcome && outcome.inventoryCount !== undefined
      ? { count: outcome.inventoryCount, ...(outcome.inventory ? { objects: outcome.inventory } : {}) }
      : previous?.inventory;
  const progress = computeProgress(outcome, generation, previous?.progress, now);
  // Only the exception is recorded: a plain install's status stays as it was.
  const gatewayListMerge = 'gatewayListMerge' in outcome ? (outcome.gatewayListMerge === 'by-name' ? outcome.gatewayListMerge : undefined) : previous?.gatewayListMerge;
  const istioVersion = 'istioVersion' in outcome && outcome.istioVersion !== undefined ? outcome.istioVersion : previous?.istioVersion;

  return {
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
    conditions: sortConditions(conditions),
    status: outcome.kind === 'ready' ? LegacyStatus.Healthy : outcome.kind === 'stalled' ? LegacyStatus.Error : LegacyStatus.Reconciling,
    message: ready.message,
    ...(componentStatus ? { componentStatus } : {}),
    ...(inventory ? { inventory } : {}),
    ...(progress ? { progress } : {}),
    ...(gatewayListMerge ? { gatewayListMerge } : {}),
    ...(istioVersion !== undefined ? { istioVersion } : {}),
  };
}

/**
 * Work on a generation starts once and stays started until Ready: later messages (live replica
 * counts) and retries never move it, so a flapping rollout still reaches the deadline.
 */
function computeProgress(outcome: ReconcileResultSummary, generation: number, previous: IstioOperatorStatus['progress'], now: Date): IstioOperatorStatus['progress'] {
  if (outcome.kind === 'ready') return undefined;
  if (outcome.kind === 'deleting' || previous?.generation === generation) return previous;
  return { generation, startedAt: formatTime(now) };
}

/** When work on this generation started (ms), or undefined when it has not started yet. */
export function progressStartedAt(status: IstioOperatorStatus | undefined, generation: number): number | undefined {
  const progress = status?.progress;
  if (progress?.generation !== generation) return undefined;
  const t = Date.parse(progress.startedAt);
  return Number.isNaN(t) ? undefined : t;
}

/** True when this generation has not been started yet: nothing we wrote describes it. */
export function isNewGeneration(status: IstioOperatorStatus | undefined, generation: number): boolean {
  if (status?.observedGeneration === generation) return false;
  return findCondition(status?.conditions, ConditionTypes.Reconciling)?.observedGeneration !== generation;
}

function computeWarningState(outcome: ReconcileResultSummary, previous: IstioOperatorStatus | undefined): ConditionState | undefined {
  if (outcome.kind === 'ready' || outcome.kind === 'progressing') {
    const warnings = outcome.warnings ?? [];
    return warnings.length > 0 ? { reason: ConditionReasons.RenderWarnings, message: warnings.join('; ') } : undefined;
  }
  // Not rendered this time (deleting, failed, just started): the last render's findings still hold.
  const last = findCondition(previous?.conditions, ConditionTypes.Warning);
  return last?.status === 'True' ? { reason: last.reason, message: last.message } : undefined;
}

interface ConditionState {
  reason: string;
  message: string;
}

function computeConditionStates(outcome: ReconcileResultSummary, generation: number): {
  ready: ConditionState & { status: 'True' | 'False' };
  reconciling?: ConditionState;
  stalled?: ConditionState;
} {
  switch (outcome.kind) {
    case 'started': {
      const state = { reason: ConditionReasons.Progressing, message: `Reconciling generation ${generation}` };
      return { ready: { status: 'False', ...state }, reconciling: state };
    }
    case 'ready':
      return { ready: { status: 'True', reason: ConditionReasons.Succeeded, message: `All ${outcome.components.length} components are ready` } };
    case 'progressing': {
      const state = { reason: ConditionReasons.Progressing, message: buildWaitingMessage(outcome.components) };
      return { ready: { status: 'False', ...state }, reconciling: state };
    }
    case 'stalled': {
      const state = { reason: outcome.reason, message: outcome.message };
      return { ready: { status: 'False', ...state }, stalled: state };
    }
    case 'retrying': {
      const state = { reason: outcome.reason, message: outcome.message };
      return { ready: { status: 'False', ...state }, reconciling: state };
    }
    case 'deleting': {
      const state = { reason: ConditionReasons.Deleting, message: outcome.message };
      return { ready: { status: 'False', ...state }, reconciling: state };
    }
  }
}

const MAX_REASONS = 3;

function buildWaitingMessage(components: readonly ComponentReadiness[]): string {
  const waiting = components.filter((c) => !c.ready);
  if (waiting.length === 0) return 'Waiting for components to become ready';
  const reasons = waiting.flatMap((c) => c.reasons);
  const shown = reasons.slice(0, MAX_REASONS).join('; ');
  const more = reasons.length > MAX_REASONS ? ` (and ${reasons.length - MAX_REASONS} more)` : '';
  return `Waiting for ${waiting.map((c) => c.component).join(', ')}${shown ? `: ${shown}${more}` : ''}`;
}

function computeComponentStatus(
  outcome: ReconcileResultSummary,
  previous: Record<string, ComponentStatusEntry> | undefined,
): Record<string, ComponentStatusEntry> | undefined {
  if (outcome.kind === 'deleting') return previous;
  const notReadyStatus = outcome.kind === 'stalled' ? LegacyStatus.Error : LegacyStatus.Reconciling;
  if (outcome.kind === 'started' || !outcome.components) return restate(previous, notReadyStatus, 'message' in outcome ? outcome.message : undefined);
  const entries = [...outcome.components]
    .sort((a, b) => a.component.localeCompare(b.component))
    .map((c): [string, ComponentStatusEntry] => {
      if (c.objectCount === 0) return [c.component, { status: LegacyStatus.None }];
      if (c.ready) return [c.component, { status: LegacyStatus.Healthy }];
      if (notReadyStatus === LegacyStatus.Error) return [c.component, { status: LegacyStatus.Error, error: c.reasons.join('; ') }];
      return [c.component, { status: notReadyStatus }];
    });
  return Object.fromEntries(entries);
}

/**
 * Without a fresh readiness assessment no component can be called HEALTHY: the previous entries keep
 * their names and turn RECONCILING (new generation, retry) or ERROR (stalled, e.g. an invalid spec).
 */
function restate(previous: Record<string, ComponentStatusEntry> | undefined, status: LegacyStatusValue, error: string | undefined): Record<string, ComponentStatusEntry> | undefined {
  if (!previous) return undefined;
  const entries = Object.entries(previous).map(([name, entry]): [string, ComponentStatusEntry] => {
    if (entry.status === LegacyStatus.None) return [name, entry];
    return [name, status === LegacyStatus.Error && error ? { status, error } : { status }];
  });
  return Object.fromEntries(entries);
}

const TYPE_ORDER: readonly string[] = [ConditionTypes.Ready, ConditionTypes.Reconciling, ConditionTypes.Stalled, ConditionTypes.Warning];

/** Our types first in a fixed order, then any others (kept as they were) so equality is order-stable. */
function sortConditions(conditions: readonly Condition[]): Condition[] {
  const rank = (c: Condition): number => {
    const i = TYPE_ORDER.indexOf(c.type);
    return i < 0 ? TYPE_ORDER.length : i;
  };
  return [...conditions].sort((a, b) => rank(a) - rank(b));
}

/** Deep equality of two statuses (key order and undefined members ignored), so the caller patches only on change. */
export function statusEquals(a: IstioOperatorStatus | undefined, b: IstioOperatorStatus | undefined): boolean {
  return jsonEquals(a ?? {}, b ?? {});
}

function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEquals(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!jsonEquals(ra[k], rb[k])) return false;
  return true;
}
