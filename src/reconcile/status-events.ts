import type { IstioOperatorStatus } from '../api/istio-operator.js';
import { ConditionReasons, ConditionTypes, findCondition } from './conditions.js';

export interface StatusEvent {
  /** Which problem slot this is; one report per distinct key per slot. */
  slot: 'problem' | 'warning';
  key: string;
  type: 'Warning';
  reason: string;
  message: string;
}

const EVENT_REASONS: Record<string, string> = {
  [ConditionReasons.InvalidSpec]: 'ValidationFailed',
  [ConditionReasons.UnknownProfile]: 'ValidationFailed',
  [ConditionReasons.Conflict]: 'Conflict',
};

/**
 * The Warning Events a status calls for, each with a key (generation + reason + message) that says
 * which distinct problem it reports. A stall on the progress deadline is keyed without its message,
 * which carries live replica counts, so a flapping rollout gives one `Stalled` Event, not one per flap.
 */
export function planStatusEvents(status: IstioOperatorStatus, generation: number): { problem?: StatusEvent; warning?: StatusEvent } {
  const stalled = findCondition(status.conditions, ConditionTypes.Stalled);
  const ready = findCondition(status.conditions, ConditionTypes.Ready);
  const warning = findCondition(status.conditions, ConditionTypes.Warning);
  let problem: StatusEvent | undefined;
  if (stalled?.status === 'True') {
    const deadline = stalled.reason === ConditionReasons.ProgressDeadlineExceeded;
    const reason = EVENT_REASONS[stalled.reason] ?? 'Stalled';
    const message = reason === 'Stalled' ? `${stalled.reason}: ${stalled.message}` : stalled.message;
    problem = { slot: 'problem', key: `${stalled.observedGeneration ?? generation}/${stalled.reason}/${deadline ? '' : stalled.message}`, type: 'Warning', reason, message };
  } else if (ready && ready.status === 'False' && !QUIET_REASONS.has(ready.reason)) {
    problem = { slot: 'problem', key: `${ready.observedGeneration ?? generation}/${ready.reason}/${ready.message}`, type: 'Warning', reason: 'ReconcileFailed', message: ready.message };
  }
  const warn: StatusEvent | undefined =
    warning?.status === 'True' ? { slot: 'warning', key: `${warning.observedGeneration ?? generation}/${warning.message}`, type: 'Warning', reason: 'RenderWarning', message: warning.message } : undefined;
  return { ...(problem ? { problem } : {}), ...(warn ? { warning: warn } : {}) };
}

/** Not-ready reasons that are normal progress, not a problem to report. */
const QUIET_REASONS = new Set<string>([ConditionReasons.Progressing, ConditionReasons.Deleting]);

/**
 * What was reported last per IstioOperator uid and slot, in memory: it survives the requeues a
 * status write causes and stale reads, while the previous status covers operator restarts.
 * Bounded: the oldest entries go first.
 */
export interface ReportedProblems {
  isNew(uid: string, event: StatusEvent, previous: IstioOperatorStatus | undefined, generation: number): boolean;
  clear(uid: string, slot: StatusEvent['slot']): void;
  /** Drops every entry of a deleted IstioOperator: the record holds only live objects. */
  forget(uid: string): void;
  readonly size: number;
}

export function createReportedProblems(max = 10_000): ReportedProblems {
  const last = new Map<string, string>();
  return {
    isNew(uid, event, previous, generation) {
      const id = `${uid}/${event.slot}`;
      const before = previous ? planStatusEvents(previous, generation)[event.slot]?.key : undefined;
      const fresh = last.get(id) !== event.key && before !== event.key;
      last.delete(id);
      last.set(id, event.key);
      if (last.size > max) last.delete(last.keys().next().value as string);
      return fresh;
    },
    clear(uid, slot) {
      last.delete(`${uid}/${slot}`);
    },
    forget(uid) {
      for (const slot of ['problem', 'warning'] as const) last.delete(`${uid}/${slot}`);
    },
    get size() {
      return last.size;
    },
  };
}
