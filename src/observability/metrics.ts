import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The operator's Prometheus metrics, on their own registry so tests can create several. */
export interface OperatorMetrics {
  registry: Registry;
  reconcileDuration: Histogram<'result'>;
  reconciles: Counter<'result'>;
  objectsApplied: Counter<'action'>;
  objectsPruned: Counter;
  driftCorrected: Counter;
  apiWrites: Counter;
  apiReads: Counter;
  queueDepth: Gauge;
  componentReady: Gauge<'namespace' | 'name' | 'component'>;
}

export function createMetrics(withProcessMetrics = true): OperatorMetrics {
  const registry = new Registry();
  if (withProcessMetrics) collectDefaultMetrics({ register: registry, prefix: 'istio_operator_' });
  const registers = [registry];
  return {
    registry,
    reconcileDuration: new Histogram({
      name: 'istio_operator_reconcile_duration_seconds',
      help: 'Duration of one reconcile of an IstioOperator, by result.',
      labelNames: ['result'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    reconciles: new Counter({
      name: 'istio_operator_reconciles_total',
      help: 'Reconciles by result (ready, progressing, retry, terminal, deleted).',
      labelNames: ['result'],
      registers,
    }),
    objectsApplied: new Counter({
      name: 'istio_operator_objects_applied_total',
      help: 'Objects applied, by action (created, configured).',
      labelNames: ['action'],
      registers,
    }),
    objectsPruned: new Counter({ name: 'istio_operator_objects_pruned_total', help: 'Owned objects deleted because they are no longer rendered.', registers }),
    driftCorrected: new Counter({
      name: 'istio_operator_drift_corrected_total',
      help: 'Objects re-applied because the live state drifted from the render while the spec did not change.',
      registers,
    }),
    apiWrites: new Counter({ name: 'istio_operator_api_write_requests_total', help: 'Write requests (create, apply, patch, delete) sent to the API server by reconciles.', registers }),
    apiReads: new Counter({ name: 'istio_operator_api_read_requests_total', help: 'Read requests (get, list) sent to the API server by reconciles.', registers }),
    queueDepth: new Gauge({ name: 'istio_operator_queue_depth', help: 'Keys waiting in the work queue.', registers }),
    componentReady: new Gauge({
      name: 'istio_operator_component_ready',
      help: '1 when every object of the component is ready, else 0.',
      labelNames: ['namespace', 'name', 'component'],
      registers,
    }),
  };
}
