import type { Condition } from '../api/istio-operator.js';

/**
 * Condition types: `Ready` is always present; the others only while True. Reconciling and Stalled are
 * the kstatus ones; `Warning` carries render findings that did not stop the install (kstatus, Argo
 * and `kubectl wait --for=condition=Ready` ignore it).
 */
export const ConditionTypes = {
  Ready: 'Ready',
  Reconciling: 'Reconciling',
  Stalled: 'Stalled',
  Warning: 'Warning',
} as const;
export type ConditionType = (typeof ConditionTypes)[keyof typeof ConditionTypes];

/** Condition reasons (CamelCase, as the Kubernetes API conventions ask). Shared by errors and status. */
export const ConditionReasons = {
  Succeeded: 'Succeeded',
  Progressing: 'Progressing',
  ApplyFailed: 'ApplyFailed',
  PruneFailed: 'PruneFailed',
  ApiRequestFailed: 'ApiRequestFailed',
  InvalidSpec: 'InvalidSpec',
  UnknownProfile: 'UnknownProfile',
  Conflict: 'Conflict',
  /** Another installer's objects are in the way: nothing is written until the user takes them over. */
  TakeoverRequired: 'TakeoverRequired',
  /** The version change upstream's upgrade policy does not allow in place. */
  UpgradeNotAllowed: 'UpgradeNotAllowed',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeletionBlocked: 'DeletionBlocked',
  Deleting: 'Deleting',
  InternalError: 'InternalError',
  RenderWarnings: 'RenderWarnings',
} as const;
export type ConditionReason = (typeof ConditionReasons)[keyof typeof ConditionReasons];

export type ConditionStatus = Condition['status'];

/** What a caller sets; `lastTransitionTime` is owned by `setCondition`. */
export type ConditionInput = Omit<Condition, 'lastTransitionTime'>;

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Returns a new list with `next` set in place of any condition of the same type (position kept,
 * appended otherwise). `lastTransitionTime` moves to `now` only when status, reason or message
 * changed, so an unchanged condition re-set on every reconcile produces an identical status.
 */
export function setCondition(conditions: readonly Condition[], next: ConditionInput, now: Date): Condition[] {
  const index = conditions.findIndex((c) => c.type === next.type);
  const existing = index >= 0 ? conditions[index] : undefined;
  const unchanged =
    existing !== undefined &&
    existing.status === next.status &&
    existing.reason === next.reason &&
    existing.message === next.message;
  const condition: Condition = {
    type: next.type,
    status: next.status,
    reason: next.reason,
    message: next.message,
    ...(next.observedGeneration !== undefined ? { observedGeneration: next.observedGeneration } : {}),
    lastTransitionTime: unchanged ? existing.lastTransitionTime : formatTime(now),
  };
  if (index < 0) return [...conditions, condition];
  return conditions.map((c, i) => (i === index ? condition : c));
}

export function removeCondition(conditions: readonly Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}

/** RFC 3339 at second precision, the form metav1.Time serialises to. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
