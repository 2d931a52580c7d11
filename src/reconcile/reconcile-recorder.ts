import type { IstioOperatorObject } from '../api/istio-operator.js';
import type { ComponentReadiness } from './assess-readiness.js';

/** What the reconciler reports for metrics; the composition root binds it to prom-client. */
export interface ReconcileRecorder {
  reconciled(iop: IstioOperatorObject, result: string, durationMs: number): void;
  applied(created: number, configured: number, drift: boolean): void;
  pruned(count: number): void;
  componentsAssessed(iop: IstioOperatorObject, components: ComponentReadiness[]): void;
}

export const noopRecorder: ReconcileRecorder = {
  reconciled: () => undefined,
  applied: () => undefined,
  pruned: () => undefined,
  componentsAssessed: () => undefined,
};
