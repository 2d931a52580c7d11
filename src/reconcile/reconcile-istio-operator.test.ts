import { describe, expect, it } from 'vitest';
import type { IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import { identityOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { loadAssets } from '../assets/load-assets.js';
import { createPackCatalog, singlePackCatalog, type PackCatalog } from '../packs/pack-catalog.js';
import type { ClusterPort } from './ports.js';
import { createReconciler } from './reconcile-istio-operator.js';
import type { ReconcileLogger } from './reconcile-logger.js';
import { noopRecorder } from './reconcile-recorder.js';
import { createReportedProblems } from './status-events.js';

const assets = loadAssets();
const silent: ReconcileLogger = { child: () => silent, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/**
 * The reconciler's port in memory: objects applied are stored as-is, and Deployments never become
 * available (as if images could not be pulled). Enough to exercise the progress deadline.
 */
function memoryCluster(iop: IstioOperatorObject): ClusterPort & { events: string[]; calls: string[]; available: { n: number }; failApply: { on: boolean } } {
  const objects = new Map<string, KubeObject>();
  const events: string[] = [];
  const calls: string[] = [];
  const available = { n: 0 };
  const failApply = { on: false };
  return {
    events,
    calls,
    available,
    failApply,
    getIstioOperator: async () => structuredClone(iop),
    listIstioOperators: async () => [structuredClone(iop)],
    addFinalizer: async () => undefined,
    removeFinalizer: async () => undefined,
    patchStatus: async (_iop, status) => {
      calls.push(`status ${status.status ?? ''}`);
      iop.status = structuredClone(status) as unknown as IstioOperatorObject['status'];
    },
    recordEvent: async (_iop, type, reason) => void events.push(`${type} ${reason}`),
    ensureNamespace: async () => ({ created: false }),
    readLive: async (desired) =>
      new Map(desired.map((o) => [identityOf(o), withAvailability(objects.get(identityOf(o)), available.n)])),
    async applyObjects(desired) {
      calls.push('apply');
      if (failApply.on) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
      // As the API server records it: applied by our field manager.
      for (const o of desired) objects.set(identityOf(o), { ...o, metadata: { ...o.metadata, managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply' }] } });
      return { created: [], configured: [], unchanged: desired.length, reads: 0, writes: 0, inventory: [] };
    },
    listOwned: async () => [],
    deleteObjects: async () => ({ deleted: [], writes: 0 }),
    isNamespaceEmpty: async () => true,
    findRevisionUsers: async () => [],
  };
}

/** Deployments report `available` of their replicas available (as if pods came and went). */
function withAvailability(obj: KubeObject | undefined, available: number): KubeObject | undefined {
  if (obj?.kind === 'CustomResourceDefinition') return { ...obj, status: { conditions: [{ type: 'Established', status: 'True' }] } };
  if (obj?.kind !== 'Deployment') return obj;
  const replicas = typeof (obj.spec as { replicas?: unknown } | undefined)?.replicas === 'number' ? ((obj.spec as { replicas: number }).replicas) : 1;
  return { ...obj, metadata: { ...obj.metadata, generation: 1 }, status: { observedGeneration: 1, replicas, updatedReplicas: replicas, availableReplicas: Math.min(available, replicas) } };
}

function setup(spec: IstioOperatorObject['spec'], deadlineMs = 60_000, packs: PackCatalog = singlePackCatalog(assets)) {
  const iop: IstioOperatorObject = {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'mesh', namespace: 'istio-system', uid: 'u1', generation: 1, finalizers: ['install.operator.istio.io/finalizer'] },
    spec,
  };
  const cluster = memoryCluster(iop);
  const clock = { t: Date.parse('2026-01-01T00:00:00Z') };
  const reported = createReportedProblems();
  const reconcile = createReconciler({
    cluster,
    packs,
    clock: { now: () => new Date(clock.t) },
    logger: silent,
    recorder: noopRecorder,
    options: { progressDeadlineMs: deadlineMs, readinessRequeueMs: 5_000, deletionTimeoutMs: 60_000, installNamespaces: ['istio-system'], adoptNamespaces: [] },
  }, reported);
  const status = () => iop.status as IstioOperatorStatus | undefined;
  const condition = (type: string) => (status()?.conditions ?? []).find((c) => c.type === type);
  return { iop, cluster, clock, reported, reconcile: () => reconcile('istio-system/mesh'), status, condition };
}

describe("Istio's pause switch", () => {
  it('leaves a paused IstioOperator and its installation untouched: no apply, no status write', async () => {
    const t = setup({ profile: 'minimal' });
    t.iop.metadata.annotations = { 'install.istio.io/ignoreReconcile': 'true' };
    await t.reconcile();
    expect(t.cluster.calls).toEqual([]);
    expect(t.status()).toBeUndefined();
    delete t.iop.metadata.annotations;
    await t.reconcile();
    expect(t.cluster.calls).toContain('apply');
  });
});

describe('status tells the truth', () => {
  it('writes Reconciling for a new generation before it renders or applies anything', async () => {
    const t = setup({ profile: 'minimal' });
    t.cluster.available.n = 5;
    await t.reconcile();
    expect(t.cluster.calls.slice(0, 2)).toEqual(['status RECONCILING', 'apply']);
    expect(t.status()?.status).toBe('HEALTHY');
    t.cluster.calls.length = 0;
    t.iop.metadata.generation = 2;
    await t.reconcile();
    expect(t.cluster.calls.slice(0, 2)).toEqual(['status RECONCILING', 'apply']);
    t.cluster.calls.length = 0;
    await t.reconcile();
    expect(t.cluster.calls).toEqual(['apply']);
  });

  it('a rollout flapping 0/2 <-> 1/2 still goes Stalled at the deadline, with one Stalled Event, and recovers to Ready', async () => {
    const t = setup({ profile: 'minimal', components: { pilot: { k8s: { replicaCount: 2 } } }, values: { pilot: { autoscaleEnabled: false } } });
    for (let i = 0; i < 14; i++) {
      t.cluster.available.n = i % 2;
      await t.reconcile();
      t.clock.t += 5_000;
    }
    expect(t.condition('Stalled')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded' });
    expect(t.status()?.status).toBe('ERROR');
    expect(t.cluster.events.filter((e) => e === 'Warning Stalled')).toHaveLength(1);
    // A transient API failure while stalled does not wedge it: once the API is back and pods are, Ready.
    t.cluster.failApply.on = true;
    expect((await t.reconcile()).kind).toBe('retry');
    t.cluster.failApply.on = false;
    t.cluster.available.n = 2;
    expect(await t.reconcile()).toEqual({ kind: 'done' });
    expect(t.condition('Ready')).toMatchObject({ status: 'True' });
    expect(t.condition('Stalled')).toBeUndefined();
    expect(t.status()?.progress).toBeUndefined();
  });

  it('an invalid spec gives one ValidationFailed Event however often it is reconciled, and no HEALTHY component', async () => {
    const t = setup({ profile: 'minimal' });
    t.cluster.available.n = 5;
    await t.reconcile();
    t.iop.spec = { profile: 'minimal', values: { pilot: { replicaCountt: 2 } } };
    t.iop.metadata.generation = 2;
    for (let i = 0; i < 3; i++) expect((await t.reconcile()).kind).toBe('terminal');
    expect(t.cluster.events.filter((e) => e.startsWith('Warning'))).toEqual(['Warning ValidationFailed']);
    expect(t.condition('Stalled')).toMatchObject({ status: 'True', reason: 'InvalidSpec', observedGeneration: 2 });
    expect(Object.values(t.status()?.componentStatus ?? {}).filter((c) => c.status === 'HEALTHY')).toEqual([]);
    // A new generation with the same mistake is a new report.
    t.iop.metadata.generation = 3;
    await t.reconcile();
    expect(t.cluster.events.filter((e) => e === 'Warning ValidationFailed')).toHaveLength(2);
    // Deleting it drops its entries from the in-memory record of what was reported.
    expect(t.reported.size).toBeGreaterThan(0);
    t.iop.metadata.deletionTimestamp = '2026-01-01T00:01:00Z';
    await t.reconcile();
    expect(t.reported.size).toBe(0);
  });

  it('a namespace the operator may not install into is Stalled InvalidSpec, naming the field, with nothing applied or deleted', async () => {
    const t = setup({ profile: 'minimal' });
    t.cluster.available.n = 5;
    await t.reconcile();
    const deleted: unknown[] = [];
    t.cluster.deleteObjects = async (objects) => (deleted.push(...objects), { deleted: [], writes: 0 });
    t.cluster.calls.length = 0;
    t.iop.spec = { profile: 'minimal', values: { global: { istioNamespace: 'kube-system' } } };
    t.iop.metadata.generation = 2;
    expect((await t.reconcile()).kind).toBe('terminal');
    expect(t.condition('Stalled')).toMatchObject({ status: 'True', reason: 'InvalidSpec' });
    expect(t.condition('Stalled')?.message).toMatch(/^spec\.values\.global\.istioNamespace: installs namespace "kube-system".*allowed: "istio-system"/);
    expect(t.cluster.calls.filter((c) => c === 'apply')).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it('render warnings reach status and one Warning Event', async () => {
    const t = setup({ profile: 'minimal', components: { pilot: { k8s: { replicaCount: 3 } } }, values: { pilot: { autoscaleEnabled: true } } });
    t.cluster.available.n = 5;
    await t.reconcile();
    await t.reconcile();
    expect(t.condition('Warning')).toMatchObject({ status: 'True', reason: 'RenderWarnings' });
    expect(t.condition('Warning')?.message).toMatch(/replicaCount has no lasting effect/);
    expect(t.cluster.events.filter((e) => e === 'Warning RenderWarning')).toHaveLength(1);
    expect(t.condition('Ready')?.status).toBe('True');
  });
});

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
      packs: singlePackCatalog(assets),
      clock: { now: () => new Date(now) },
      logger: silent,
      recorder: noopRecorder,
      options: { progressDeadlineMs: 60_000, readinessRequeueMs: 5_000, deletionTimeoutMs: 60_000, installNamespaces: ['istio-system'], adoptNamespaces: [] },
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

describe('the Istio release an IstioOperator runs', () => {
  // The root pack's charts under three release numbers: enough to see which pack is chosen.
  const releases = ['1.27.9', '1.28.10', '1.29.6'];
  const threePacks = (): PackCatalog => createPackCatalog(releases.map((version) => ({ ...assets.pack, version })), (info) => ({ ...assets, pack: info }));
  const versionLabel = (t: ReturnType<typeof setup>) => t.status()?.istioVersion;

  it('records the release it installed, and keeps it while the spec names none, even when a newer pack is the default', async () => {
    const t = setup({ profile: 'minimal', tag: '1.28.10' }, 60_000, threePacks());
    t.cluster.available.n = 5;
    await t.reconcile();
    expect(versionLabel(t)).toBe('1.28.10');
    t.iop.spec = { profile: 'minimal' };
    t.iop.metadata.generation = 2;
    await t.reconcile();
    expect(t.condition('Ready')?.status).toBe('True');
    expect(versionLabel(t)).toBe('1.28.10');
  });

  it('treats an installation from before packs, with an inventory but no recorded release, as 1.27.9', async () => {
    const t = setup({ profile: 'minimal' }, 60_000, threePacks());
    t.iop.status = { inventory: { count: 0, objects: [] } } as unknown as IstioOperatorObject['status'];
    t.cluster.available.n = 5;
    await t.reconcile();
    expect(versionLabel(t)).toBe('1.27.9');
  });

  it('refuses an in-place move across two minors (Stalled, UpgradeNotAllowed, nothing applied) unless the CR accepts the skip', async () => {
    const t = setup({ profile: 'minimal', tag: '1.29.6' }, 60_000, threePacks());
    t.iop.status = { istioVersion: '1.27.9', inventory: { count: 0, objects: [] } } as unknown as IstioOperatorObject['status'];
    await t.reconcile();
    expect(t.condition('Stalled')).toMatchObject({ reason: 'UpgradeNotAllowed', message: expect.stringContaining('go through 1.27 -> 1.28 -> 1.29') });
    expect(t.cluster.calls).not.toContain('apply');
    expect(versionLabel(t)).toBe('1.27.9');
    t.iop.metadata.annotations = { 'install.operator.istio.io/allow-version-skip': 'true' };
    t.iop.metadata.generation = 2;
    t.cluster.available.n = 5;
    await t.reconcile();
    expect(versionLabel(t)).toBe('1.29.6');
  });

  it('refuses an unsupported release and a tag that disagrees with the istio-version annotation, naming the field', async () => {
    const t = setup({ profile: 'minimal', tag: '1.26.0' }, 60_000, threePacks());
    await t.reconcile();
    expect(t.condition('Stalled')).toMatchObject({ reason: 'InvalidSpec', message: 'spec.tag: tag 1.26.0 is Istio 1.26.0, which this operator cannot install; supported releases: 1.27.9, 1.28.10, 1.29.6' });
    const u = setup({ profile: 'minimal', tag: '1.28.10' }, 60_000, threePacks());
    u.iop.metadata.annotations = { 'install.operator.istio.io/istio-version': '1.29.6' };
    await u.reconcile();
    expect(u.condition('Stalled')?.message).toContain('tag 1.28.10 is Istio 1.28.10, but metadata.annotations[install.operator.istio.io/istio-version] asks for 1.29.6');
    expect(u.cluster.calls).not.toContain('apply');
  });

  it('installs a private build whose tag names no release once the annotation names it', async () => {
    const t = setup({ profile: 'minimal', tag: 'my-build' }, 60_000, threePacks());
    await t.reconcile();
    expect(t.condition('Stalled')?.message).toContain('tag my-build carries no Istio release; name the release it was built from with the annotation install.operator.istio.io/istio-version: X.Y.Z');
    t.iop.metadata.annotations = { 'install.operator.istio.io/istio-version': '1.29.6' };
    t.iop.metadata.generation = 2;
    t.cluster.available.n = 5;
    await t.reconcile();
    expect(versionLabel(t)).toBe('1.29.6');
  });

  it('says so in the Warning condition when the release is past its end of life', async () => {
    const t = setup({ profile: 'minimal' }, 60_000, createPackCatalog([{ ...assets.pack, endOfLife: '2025-12-31' }], (info) => ({ ...assets, pack: info })));
    t.cluster.available.n = 5;
    await t.reconcile();
    expect(t.condition('Ready')?.status).toBe('True');
    expect(t.condition('Warning')?.message).toContain(`Istio ${assets.pack.version} reached end of life on 2025-12-31`);
  });
});
