/**
 * A problem with user input, located by a dotted path into the IstioOperator
 * (`spec.components.pilot.k8s.replicaCount`, `--set[2]`, `spec.profile`).
 */
export interface FieldError {
  path: string;
  reason: string;
}

export function formatFieldError(e: FieldError): string {
  return e.path ? `${e.path}: ${e.reason}` : e.reason;
}

/** Thrown-free result type used across the pure pipeline. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(errors: FieldError[]): Result<T> => ({ ok: false, errors });
