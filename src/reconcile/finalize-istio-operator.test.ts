import { describe, expect, it } from 'vitest';
import type { IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import { identityOf, refOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { loadAssets } from '../assets/load-assets.js';
import { singlePackCatalog } from '../packs/pack-catalog.js';
import { finalizeIstioOperator } from './finalize-istio-operator.js';
import type { ClusterPort } from './ports.js';
import type { ReconcileLogger } from './reconcile-logger.js';
import { noopRecorder } from './reconcile-recorder.js';

const logs: string[] = [];
const logger: ReconcileLogger = { child: () => logger, info: (o, m) => void logs.push(`${m} ${JSON.stringify(o)}`), warn: () => undefined, error: () => undefined, debug: () => undefined };
const assets = loadAssets();
const T0 = Date.parse('2026-01-01T00:00:00Z');
const BOUND = 300_000;
const owner = { namespace: 'istio-system', name: 'mesh' };

const ownerLabels = { [LabelKeys.owningResource]: 'mesh', [LabelKeys.owningResourceNamespace]: 'istio-system' };
/** An object as we apply it: labelled for `mesh` and applied by our field manager. */
const deployment = (name: string, labels: Record<string, string> = ownerLabels, uid = `uid-${name}`): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'istio-system', uid, labels, managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply' }] },
});
const isOwnedBy = (o: KubeObject): boolean => o.metadata.labels?.[LabelKeys.owningResource] === 'mesh';

/** The finalizer's port in memory; `failList` makes every list throw as an apiserver 403 would. */
function memoryCluster(objects: KubeObject[], namespaceEmpty = true) {
  const state = { objects, failList: undefined as Error | undefined, deleteCalls: 0, finalizerRemoved: false, events: [] as string[], status: undefined as IstioOperatorStatus | undefined, deletedNamespaces: [] as string[], revisionUsers: [] as string[] };
  const port: ClusterPort = {
    getIstioOperator: async () => undefined,
    listIstioOperators: async () => [],
    addFinalizer: async () => undefined,
    removeFinalizer: async () => void (state.finalizerRemoved = true),
    patchStatus: async (_iop, status) => void (state.status = structuredClone(status)),
    recordEvent: async (_iop, type, reason, message) => void state.events.push(`${type} ${reason}: ${message}`),
    ensureNamespace: async () => ({ created: false }),
    // A fresh read by identity, like the real port's GETs.
    readLive: async (list) => new Map(list.map((o) => [identityOf(o), state.objects.find((l) => identityOf(l) === identityOf(o))])),
    applyObjects: async () => ({ created: [], configured: [], unchanged: 0, reads: 0, writes: 0, inventory: [] }),
    async listOwned(_owner, options = {}) {
      if (state.failList) throw state.failList;
      return state.objects.filter((o) => (o.kind === 'Namespace' ? options.includeNamespaces === true : isOwnedBy(o)));
    },
    async deleteObjects(list) {
      state.deleteCalls += 1;
      for (const o of list) if (o.kind === 'Namespace') state.deletedNamespaces.push(o.metadata.name);
      // Objects with finalizers of their own stay, terminating; the rest go at once.
      state.objects = state.objects.flatMap((o) => (list.some((d) => d.metadata.name === o.metadata.name && d.kind === o.kind) ? (o.metadata.name.startsWith('sticky') ? [{ ...o, metadata: { ...o.metadata, deletionTimestamp: 'x' } }] : []) : [o]));
      return { deleted: list.map(refOf), writes: list.length };
    },
    isNamespaceEmpty: async () => namespaceEmpty,
    findRevisionUsers: async () => state.revisionUsers,
  };
  return { state, port };
}

function run(cluster: ReturnType<typeof memoryCluster>, atMs: number, inventory: IstioOperatorStatus['inventory'] = undefined, annotations: Record<string, string> = {}) {
  if (inventory) cluster.state.status = { ...cluster.state.status, inventory };
  const iop: IstioOperatorObject = {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'mesh', namespace: 'istio-system', generation: 3, annotations, finalizers: ['install.operator.istio.io/finalizer'], deletionTimestamp: new Date(T0).toISOString() },
    spec: {},
    ...(cluster.state.status ? { status: cluster.state.status as unknown as IstioOperatorObject['status'] } : {}),
  };
  return finalizeIstioOperator(iop, owner, { cluster: cluster.port, packs: singlePackCatalog(assets), clock: { now: () => new Date(atMs) }, logger, recorder: noopRecorder, options: { progressDeadlineMs: 1, readinessRequeueMs: 1, deletionTimeoutMs: BOUND, installNamespaces: ['*'], adoptNamespaces: [] } });
}
const condition = (s: IstioOperatorStatus | undefined, type: string) => s?.conditions?.find((c) => c.type === type);

describe('finalizeIstioOperator', () => {
  it('is bounded when listing fails (403): one Warning per distinct failure, then released naming the error', async () => {
    const cluster = memoryCluster([deployment('istiod')]);
    cluster.state.failList = new Error('GET /apis/apps/v1/deployments: 403 Forbidden: cannot list deployments');
    for (let t = T0; t <= T0 + BOUND; t += 2_000) expect((await run(cluster, t)).kind).toBe('requeueAfter');
    expect(cluster.state.finalizerRemoved).toBe(false);
    expect(condition(cluster.state.status, 'Ready')).toMatchObject({ status: 'False', reason: 'Deleting' });
    expect(condition(cluster.state.status, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Deleting' });
    expect(condition(cluster.state.status, 'Reconciling')?.message).toContain('403 Forbidden');
    expect(cluster.state.events.filter((e) => e.startsWith('Warning DeletionFailed'))).toHaveLength(1);
    expect(cluster.state.events.filter((e) => e.startsWith('Normal Deleting'))).toHaveLength(1);

    expect(await run(cluster, T0 + BOUND + 2_000)).toEqual({ kind: 'done' });
    expect(cluster.state.finalizerRemoved).toBe(true);
    expect(cluster.state.events.at(-1)).toMatch(/^Warning DeletionBlocked: Released the finalizer after 302s; deletion failed: .*403 Forbidden/);
  });

  it('is bounded when a delete is refused (admission) the same way', async () => {
    const cluster = memoryCluster([deployment('istiod')]);
    cluster.port.deleteObjects = async () => {
      throw new Error('DELETE istiod: 400 BadRequest: admission webhook "guard" denied the request');
    };
    await run(cluster, T0);
    expect(await run(cluster, T0 + BOUND + 1)).toEqual({ kind: 'done' });
    expect(cluster.state.events.at(-1)).toMatch(/DeletionBlocked.*admission webhook "guard" denied/);
  });

  it('deletes a terminating object once, waits for it without logging it again, and says what it waits for', async () => {
    const cluster = memoryCluster([deployment('istiod'), deployment('sticky-gateway')]);
    logs.length = 0;
    for (let t = T0; t < T0 + 20_000; t += 2_000) await run(cluster, t);
    expect(cluster.state.deleteCalls).toBe(1);
    expect(logs.filter((l) => l.startsWith('Deleted objects'))).toHaveLength(1);
    expect(cluster.state.events).toEqual(['Normal Deleting: Deleting the objects of this installation', 'Normal Deleted: Deleted 2 object(s): Deployment.apps istio-system/sticky-gateway, Deployment.apps istio-system/istiod']);
    expect(condition(cluster.state.status, 'Reconciling')?.message).toBe('Waiting for 1 object(s) to be deleted: Deployment.apps istio-system/sticky-gateway');

    cluster.state.objects = [];
    expect(await run(cluster, T0 + 22_000)).toEqual({ kind: 'done' });
    expect(cluster.state.events.at(-1)).toMatch(/^Normal Finalized/);
  });

  it('deletes from its inventory: an object that lost its labels goes, a recreated or relabelled one stays and does not block', async () => {
    const unlabelled = deployment('istio-ingressgateway', {});
    const recreated = deployment('istio-egressgateway', {}, 'uid-someone-else');
    const relabelled = deployment('other-gateway', { [LabelKeys.owningResource]: 'other', [LabelKeys.owningResourceNamespace]: 'istio-system' });
    const cluster = memoryCluster([deployment('istiod'), unlabelled, recreated, relabelled]);
    const entry = (o: KubeObject, uid: string) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: 'istio-system', name: o.metadata.name, uid });
    const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gateways.networking.istio.io', uid: 'uid-crd', managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply' }] } };
    cluster.state.objects.push(crd);
    const crdEntry = { apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name, uid: 'uid-crd' };
    const inventory = { count: 5, objects: [entry(unlabelled, 'uid-istio-ingressgateway'), entry(recreated, 'uid-istio-egressgateway'), entry(relabelled, 'uid-other-gateway'), entry(deployment('istiod'), 'uid-istiod'), crdEntry] };
    expect(await run(cluster, T0, inventory)).toEqual({ kind: 'done' });
    // The CRD is in the inventory but is never deleted: it carries everyone's custom resources.
    expect(cluster.state.objects.map((o) => o.metadata.name).sort()).toEqual(['gateways.networking.istio.io', 'istio-egressgateway', 'other-gateway']);
    expect(cluster.state.events.some((e) => e.includes('Deleted 2 object(s)'))).toBe(true);
  });

  it('deletes a namespace it created only when it is empty', async () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } };
    const kept = memoryCluster([deployment('istiod'), ns], false);
    expect(await run(kept, T0)).toEqual({ kind: 'done' });
    expect(kept.state.deletedNamespaces).toEqual([]);
    const removed = memoryCluster([deployment('istiod'), ns], true);
    expect(await run(removed, T0)).toEqual({ kind: 'done' });
    expect(removed.state.deletedNamespaces).toEqual(['istio-system']);
  });

  it('waits while workloads use the revision, past the deletion timeout, saying which; then deletes', async () => {
    const cluster = memoryCluster([deployment('istiod')]);
    cluster.state.revisionUsers = ['pod shop/web-1', 'namespace shop'];
    for (let t = T0; t <= T0 + 2 * BOUND; t += 5_000) expect(await run(cluster, t)).toEqual({ kind: 'requeueAfter', ms: 5_000 });
    expect(cluster.state.deleteCalls).toBe(0);
    expect(cluster.state.finalizerRemoved).toBe(false);
    expect(condition(cluster.state.status, 'Reconciling')?.message).toMatch(/^Waiting: 2 workload\(s\) still use this revision: pod shop\/web-1, namespace shop\. .*force-removal=true/);
    expect(cluster.state.events).toEqual([expect.stringMatching(/^Warning RevisionInUse: Waiting: 2 workload/)]);

    cluster.state.revisionUsers = [];
    expect(await run(cluster, T0 + 2 * BOUND + 5_000)).toEqual({ kind: 'done' });
    expect(cluster.state.events.slice(1).map((e) => e.split(':')[0])).toEqual(['Normal Deleting', 'Normal Deleted', 'Normal Finalized']);
  });

  it('removes an installation still in use when the user forces it', async () => {
    const cluster = memoryCluster([deployment('istiod')]);
    cluster.state.revisionUsers = ['pod shop/web-1'];
    expect(await run(cluster, T0, undefined, { 'install.operator.istio.io/force-removal': 'true' })).toEqual({ kind: 'done' });
    expect(cluster.state.objects).toEqual([]);
  });
});
