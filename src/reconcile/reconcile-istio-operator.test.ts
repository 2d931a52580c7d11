import { describe, expect, it } from 'vitest';
import type { IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import { identityOf, type KubeObject } from '../api/kube-object.js';
import { loadAssets } from '../assets/load-assets.js';
import type { ClusterPort } from './ports.js';
import { createReconciler } from './reconcile-istio-operator.js';
import type { ReconcileLogger } from './reconcile-logger.js';
import { noopRecorder } from './reconcile-recorder.js';

const assets = loadAssets();
const silent: ReconcileLogger = { child: () => silent, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/**
 * The reconciler's port in memory: objects applied are stored as-is, and Deployments never become
 * available (as if images could not be pulled). Enough to exercise the progress deadline.
 */
function memoryCluster(iop: IstioOperatorObject): ClusterPort & { events: string[] } {
  const objects = new Map<string, KubeObject>();
  const events: string[] = [];
  return {
    events,
    getIstioOperator: async () => structuredClone(iop),
    addFinalizer: async () => undefined,
    removeFinalizer: async () => undefined,
    patchStatus: async (_iop, status) => void (iop.status = structuredClone(status) as unknown as IstioOperatorObject['status']),
    recordEvent: async (_iop, type, reason) => void events.push(`${type} ${reason}`),
    ensureNamespace: async () => ({ created: false }),
    readLive: async (desired) => new Map(desired.map((o) => [identityOf(o), objects.get(identityOf(o))])),
    async applyObjects(desired) {
      for (const o of desired) objects.set(identityOf(o), o.kind === 'Deployment' ? { ...o, status: { replicas: 1, availableReplicas: 0 } } : o);
      return { created: [], configured: [], unchanged: desired.length, reads: 0, writes: 0, inventory: [] };
    },
    listOwned: async () => [],
    deleteObjects: async () => ({ deleted: [], writes: 0 }),
    isNamespaceEmpty: async () => true,
  };
}

describe('the progress deadline', () => {
  it('goes Stalled once the deadline passes and stays Stalled on later re-checks', async () => {
    const iop: IstioOperatorObject = {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: 'mesh', namespace: 'istio-system', generation: 1, finalizers: ['install.operator.istio.io/finalizer'] },
      spec: { profile: 'minimal' },
    };
    const cluster = memoryCluster(iop);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const reconcile = createReconciler({
      cluster,
      assets,
      clock: { now: () => new Date(now) },
      logger: silent,
      recorder: noopRecorder,
      options: { progressDeadlineMs: 60_000, readinessRequeueMs: 5_000, deletionTimeoutMs: 60_000 },
    });
    const condition = (type: string) => ((iop.status as IstioOperatorStatus | undefined)?.conditions ?? []).find((c) => c.type === type);

    expect(await reconcile('istio-system/mesh')).toEqual({ kind: 'requeueAfter', ms: 5_000 });
    expect(condition('Reconciling')?.status).toBe('True');
    expect(condition('Stalled')).toBeUndefined();

    now += 30_000;
    expect(await reconcile('istio-system/mesh')).toEqual({ kind: 'requeueAfter', ms: 5_000 });
    expect(condition('Stalled')).toBeUndefined();

    now += 31_000;
    expect(await reconcile('istio-system/mesh')).toEqual({ kind: 'requeueAfter', ms: 30_000 });
    expect(condition('Stalled')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded' });
    expect(condition('Stalled')?.message).toMatch(/Deployment\.apps istio-system\/istiod/);
    const stalledSince = condition('Stalled')?.lastTransitionTime;

    // Still not ready later: still Stalled, same transition, no flip back to Reconciling.
    now += 30_000;
    await reconcile('istio-system/mesh');
    expect(condition('Stalled')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded', lastTransitionTime: stalledSince });
    expect(condition('Reconciling')).toBeUndefined();
    expect((iop.status as IstioOperatorStatus).status).toBe('ERROR');
  });
});
