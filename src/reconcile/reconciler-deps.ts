import type { PackCatalog } from '../packs/pack-catalog.js';
import type { Clock } from './clock.js';
import type { ClusterPort } from './ports.js';
import type { ReconcileLogger } from './reconcile-logger.js';
import type { ReconcileRecorder } from './reconcile-recorder.js';

export interface ReconcilerOptions {
  progressDeadlineMs: number;
  readinessRequeueMs: number;
  /** How long deletion may wait for owned objects to go before the finalizer is released anyway. */
  deletionTimeoutMs: number;
  /** Namespaces an IstioOperator may install into besides its own (`*`: any); see checkInstallNamespaces. */
  installNamespaces: readonly string[];
  /**
   * Namespaces whose IstioOperators may take over another installer's objects when annotated to
   * (`*`: all). The administrator's leave; the CR alone cannot grant it.
   */
  adoptNamespaces: readonly string[];
}

/** What the reconciler and the finalizer run on; built by the composition root (src/main.ts). */
export interface ReconcilerDeps {
  cluster: ClusterPort;
  /** The version packs; an IstioOperator renders with the one its spec or its installation names. */
  packs: PackCatalog;
  clock: Clock;
  logger: ReconcileLogger;
  recorder: ReconcileRecorder;
  options: ReconcilerOptions;
}
