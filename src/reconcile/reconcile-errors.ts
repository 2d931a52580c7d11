import { formatFieldError, type FieldError } from '../api/errors.js';
import { formatRef, type ObjectRef } from '../api/kube-object.js';
import { ConditionReasons, type ConditionReason } from './conditions.js';
import { formatTakeoverPlan, type TakeoverPlan } from './plan-takeover.js';

/**
 * Typed reconcile errors (rule 9): each carries the condition `reason` it surfaces as and whether
 * retrying the same generation can help. `classifyError` is the one place that turns anything
 * thrown into that decision.
 */
export abstract class ReconcileError extends Error {
  abstract readonly reason: ConditionReason;
  abstract readonly retryable: boolean;
}

/** Spec rejected by validation, profile resolution or overlays: terminal until the spec changes. */
export class InvalidSpecError extends ReconcileError {
  override readonly name = 'InvalidSpecError';
  readonly retryable = false;
  constructor(
    readonly fieldErrors: readonly FieldError[],
    readonly reason: ConditionReason = ConditionReasons.InvalidSpec,
  ) {
    super(fieldErrors.map(formatFieldError).join('; ') || 'invalid spec');
  }
}

/**
 * Another IstioOperator of this operator already owns an object we would apply: terminal until either CR
 * changes. A revision tag's object is retried instead: the tag is being moved, and the holder lets go of it
 * when its own spec drops the tag (revision-tag-handover.ts).
 */
export class ConflictError extends ReconcileError {
  override readonly name = 'ConflictError';
  readonly reason = ConditionReasons.Conflict;
  readonly retryable: boolean;
  constructor(
    readonly object: ObjectRef,
    readonly otherOwner: { name: string; namespace: string },
    readonly revisionTag?: string,
  ) {
    const owner = `IstioOperator ${otherOwner.namespace}/${otherOwner.name}`;
    super(
      revisionTag === undefined
        ? `${formatRef(object)} is owned by ${owner}`
        : `${formatRef(object)} belongs to revision tag ${revisionTag}, which ${owner} still lists in values.revisionTags: remove it there and this IstioOperator takes the tag over`,
    );
    this.retryable = revisionTag !== undefined;
  }
}

/**
 * The render meets objects another installer made, or would change the installed Istio version further
 * than upstream allows in place: terminal (nothing written) until the user decides. The message carries
 * the takeover plan and what to do.
 */
export class TakeoverRequiredError extends ReconcileError {
  override readonly name = 'TakeoverRequiredError';
  readonly retryable = false;
  constructor(
    readonly plan: TakeoverPlan,
    readonly reason: ConditionReason,
    advice: string,
  ) {
    super(`${formatTakeoverPlan(plan)}. ${advice}`);
  }
}

/**
 * 0 = no response. 404 is retryable because it usually means a CRD or namespace applied moments
 * earlier is not served yet; 401 because credentials rotate; 403 because an administrator fixing
 * RBAC produces no event we watch, so only a (backed-off) retry notices. Other 4xx (400, 422 ...)
 * fail the same way again until the spec changes.
 */
export function isRetryableStatus(code: number): boolean {
  return code === 0 || code === 401 || code === 403 || code === 404 || code === 408 || code === 409 || code === 410 || code === 429 || code >= 500;
}

export interface ErrorClassification {
  reason: ConditionReason;
  message: string;
  retryable: boolean;
}

/** What the reconciler asks the worker pool to do next. */
export type ReconcileOutcome =
  | { kind: 'done' }
  | { kind: 'requeueAfter'; ms: number }
  | { kind: 'retry'; error: unknown }
  | { kind: 'terminal'; error: unknown };

export function buildErrorOutcome(error: unknown): ReconcileOutcome {
  return classifyError(error).retryable ? { kind: 'retry', error } : { kind: 'terminal', error };
}

// Network failures from node-fetch / undici / node:net carry a string `code`.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export function classifyError(error: unknown): ErrorClassification {
  if (error instanceof ReconcileError) {
    return { reason: error.reason, message: error.message, retryable: error.retryable };
  }
  const status = readApiException(error);
  if (status) {
    return { reason: ConditionReasons.ApiRequestFailed, message: status.message, retryable: isRetryableStatus(status.code) };
  }
  if (isNetworkError(error)) {
    return { reason: ConditionReasons.ApiRequestFailed, message: messageOf(error), retryable: true };
  }
  // Unknown failures are retried with backoff (controller-runtime's default) rather than parked forever.
  return { reason: ConditionReasons.InternalError, message: messageOf(error), retryable: true };
}

/**
 * Duck-types client-node 1.x `ApiException` (numeric `code`, `body` holding the apiserver's Status,
 * usually as JSON text) so this module stays free of client-node imports.
 */
export function readApiException(error: unknown): { code: number; message: string } | undefined {
  if (!isRecord(error) || typeof error.code !== 'number' || !('body' in error)) return undefined;
  const code = error.code;
  if (!Number.isInteger(code) || code < 100 || code > 599) return undefined;
  const status = parseStatusBody(error.body);
  const serverMessage = isRecord(status) && typeof status.message === 'string' ? status.message : undefined;
  const fallback = typeof error.body === 'string' && error.body.trim() ? error.body.trim() : exceptionMessage(messageOf(error));
  return { code, message: `HTTP ${code}: ${serverMessage ?? fallback}` };
}

function parseStatusBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; isRecord(e) && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'request-timeout') return true;
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** ApiException's own message is `HTTP-Code: ...\nMessage: <text>\nBody: ...`; keep `<text>`. */
function exceptionMessage(text: string): string {
  return /^Message: (.*)$/m.exec(text)?.[1] ?? text.split('\n', 1)[0] ?? text;
}
