/** The slice of pino the reconciler uses, so tests can pass a silent or recording logger. */
export interface ReconcileLogger {
  child(bindings: Record<string, unknown>): ReconcileLogger;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
  debug(obj: Record<string, unknown>, msg: string): void;
}
