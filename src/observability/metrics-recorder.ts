import type { ReconcileRecorder } from '../reconcile/reconcile-recorder.js';
import type { OperatorMetrics } from './metrics.js';

/** Binds the reconciler's recorder port to the Prometheus metrics. */
export function createMetricsRecorder(metrics: OperatorMetrics, queueDepth: () => number): ReconcileRecorder {
  return {
    reconciled(_iop, result, durationMs) {
      metrics.reconciles.inc({ result });
      metrics.reconcileDuration.observe({ result }, durationMs / 1000);
      metrics.queueDepth.set(queueDepth());
    },
    applied(created, configured, drift) {
      if (created > 0) metrics.objectsApplied.inc({ action: 'created' }, created);
      if (configured > 0) metrics.objectsApplied.inc({ action: 'configured' }, configured);
      if (drift) metrics.driftCorrected.inc(created + configured);
    },
    pruned(count) {
      metrics.objectsPruned.inc(count);
    },
    componentsAssessed(iop, components) {
      for (const c of components) {
        metrics.componentReady.set({ namespace: iop.metadata.namespace ?? '', name: iop.metadata.name, component: c.component }, c.ready ? 1 : 0);
      }
    },
  };
}
