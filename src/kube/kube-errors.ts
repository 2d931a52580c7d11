import type { JsonValue } from '../api/json.js';

/**
 * An API server answer outside 2xx, carrying the `Status` reason so callers can classify it.
 * `code` + `body` mirror client-node's ApiException, which reconcile's classifier duck-types.
 */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly code: number,
    /** `Status.reason` (NotFound, Conflict, AlreadyExists, Invalid, Expired, ...) or the HTTP status text. */
    readonly reason: string,
    message: string,
    readonly method: string,
    readonly path: string,
    readonly body: JsonValue = null,
  ) {
    super(`${method} ${path}: ${code} ${reason}: ${message}`);
  }

  /** Conflicts, throttling, timeouts and server errors are worth retrying; 4xx input errors are not. */
  get retryable(): boolean {
    return this.code === 409 || this.code === 429 || this.code >= 500;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409;
}

/** 410 Gone: a watch or list resourceVersion is too old; the caller must relist. */
export function isGone(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 410;
}

/** Discovery does not list the kind (yet): typically a CRD applied earlier in the same pass. */
export class UnservedKindError extends Error {
  override readonly name = 'UnservedKindError';
  readonly retryable = true;
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`API server does not serve kind ${kind} in ${apiVersion}`);
  }
}

/** No complete answer within the request deadline (half-open connection, frozen apiserver). Retryable. */
export class KubeRequestTimeoutError extends Error {
  override readonly name = 'KubeRequestTimeoutError';
  readonly retryable = true;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${path}: no answer within ${timeoutMs} ms`);
  }
}

/** A write refused locally because this replica no longer holds the leader Lease. */
export class LeadershipLostError extends Error {
  override readonly name = 'LeadershipLostError';
  readonly retryable = false;
  constructor(what: string) {
    super(`${what}: refused, leadership lost`);
  }
}
