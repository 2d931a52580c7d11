import { describe, expect, it } from 'vitest';
import { formatRef, identityOf, refOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys, LEGACY_FIELD_MANAGER } from '../api/labels.js';
import type { DesiredState } from '../pipeline/types.js';
import { assessInstallation, buildNamespaces, convergeInstallation, type TakeoverPermission } from './converge-installation.js';
import type { ClusterPort, LiveObjects, OwnerKey } from './ports.js';
import { ConflictError, TakeoverRequiredError } from './reconcile-errors.js';

const owner: OwnerKey = { name: 'installed-state', namespace: 'istio-system' };
const ownerLabels = (o: OwnerKey = owner): Record<string, string> => ({ [LabelKeys.owningResource]: o.name, [LabelKeys.owningResourceNamespace]: o.namespace });
const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), labels: ownerLabels(), managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply' }] },
  ...extra,
});

const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'gateways.networking.istio.io');
const cm = obj('v1', 'ConfigMap', 'istio', 'istio-system');
const deploy = obj('apps/v1', 'Deployment', 'istiod', 'istio-system', { spec: { replicas: 1 } });
const gateway = obj('apps/v1', 'Deployment', 'istio-ingressgateway', 'gateways');

const desired: DesiredState = {
  istioVersion: '1.31.0',
  spec: {},
  revision: '',
  istioNamespace: 'istio-system',
  components: [
    { component: 'Base', instance: 'base', namespace: 'istio-system', objects: [crd] },
    { component: 'Pilot', instance: 'istiod', namespace: 'istio-system', objects: [cm, deploy] },
  ],
  objects: [crd, cm, deploy],
  gatewayListMerge: 'replace',
  warnings: [],
};

/** Records every port call in order; `live` and `owned` are what the cluster holds. */
function fakeCluster(live: KubeObject[] = [], owned: KubeObject[] = []): { port: ClusterPort; calls: string[] } {
  const calls: string[] = [];
  const byId = new Map([...owned, ...live].map((o) => [identityOf(o), o]));
  const unused = async (): Promise<never> => {
    throw new Error('not used by converge');
  };
  const port: ClusterPort = {
    getIstioOperator: unused,
    listIstioOperators: unused,
    addFinalizer: unused,
    removeFinalizer: unused,
    patchStatus: unused,
    recordEvent: unused,
    isNamespaceEmpty: unused,
    findRevisionUsers: unused,
    async readLive(objects, options = {}): Promise<LiveObjects> {
      calls.push(`readLive${options.fresh ? ' fresh' : ''} ${objects.map((o) => o.kind).join(',')}`);
      return new Map(objects.map((o) => [identityOf(o), byId.get(identityOf(o))]));
    },
    async ensureNamespace(name) {
      calls.push(`ensureNamespace ${name}`);
      return { created: false };
    },
    async applyObjects(objects) {
      calls.push(`apply ${objects.length}`);
      return { created: objects.map(refOf), configured: [], unchanged: 0, reads: 0, writes: objects.length, inventory: [] };
    },
    async listOwned() {
      calls.push('listOwned');
      return owned;
    },
    async deleteObjects(objects) {
      calls.push(`delete ${objects.map((o) => o.metadata.name).join(',')}`);
      return { deleted: objects.map(refOf), writes: objects.length };
    },
  };
  return { port, calls };
}

describe('convergeInstallation', () => {
  it('reads, ensures namespaces, applies, then prunes what is owned but no longer rendered', async () => {
    const { port, calls } = fakeCluster([], [cm, gateway]);
    const hooks: string[] = [];
    const result = await convergeInstallation(desired, owner, port, {
      onApplied: (a) => void hooks.push(`applied ${a.created.length}`),
      onPruned: (p) => void hooks.push(`pruned ${p.deleted.map(formatRef).join(',')}`),
    });
    expect(calls).toEqual([
      'readLive CustomResourceDefinition,ConfigMap,Deployment',
      'ensureNamespace istio-system',
      'apply 3',
      'listOwned',
      'readLive fresh Deployment',
      'delete istio-ingressgateway',
    ]);
    expect(hooks).toEqual(['applied 3', 'pruned Deployment.apps gateways/istio-ingressgateway']);
    expect(result.pruned?.deleted.map((r) => r.name)).toEqual(['istio-ingressgateway']);
  });

  it('prunes nothing and skips the hook when everything owned is still rendered', async () => {
    const { port, calls } = fakeCluster([], [cm, deploy]);
    let pruneHook = false;
    const result = await convergeInstallation(desired, owner, port, { onPruned: () => void (pruneHook = true) });
    expect(result.pruned).toBeUndefined();
    expect(pruneHook).toBe(false);
    expect(calls.some((c) => c.startsWith('delete'))).toBe(false);
  });

  it('refuses an object another owner holds before writing anything', async () => {
    const theirs = { ...cm, metadata: { ...cm.metadata, labels: ownerLabels({ name: 'other', namespace: 'istio-system' }) } };
    const { port, calls } = fakeCluster([theirs]);
    await expect(convergeInstallation(desired, owner, port)).rejects.toThrow(ConflictError);
    await expect(convergeInstallation(desired, owner, port)).rejects.toThrow('ConfigMap istio-system/istio is owned by IstioOperator istio-system/other');
    expect(calls.every((c) => c.startsWith('readLive'))).toBe(true);
  });
});

describe('convergeInstallation: inventory and adoption', () => {
  const recorded = (o: KubeObject, uid: string) => ({ ...refOf(o), uid });
  const withMeta = (o: KubeObject, meta: Record<string, unknown>): KubeObject => ({ ...o, metadata: { ...o.metadata, ...meta } as KubeObject['metadata'] });

  it('prunes an object of its inventory that lost its labels, but not a same-named one with another uid', async () => {
    const unlabelled = withMeta(gateway, { uid: 'g-1', labels: {} });
    const relabelled = withMeta(obj('v1', 'Service', 'old', 'istio-system'), { uid: 's-2' });
    const { port, calls } = fakeCluster([unlabelled, relabelled]);
    const skipped: string[] = [];
    await convergeInstallation(desired, owner, port, { onPruneSkipped: (s) => void skipped.push(...s.map((e) => e.reason)) }, {
      inventory: [recorded(gateway, 'g-1'), recorded(relabelled, 's-1')],
    });
    expect(calls.filter((c) => c.startsWith('delete'))).toEqual(['delete istio-ingressgateway']);
    expect(skipped).toEqual(['uid s-2 is not the recorded s-1 (recreated by someone else)']);
  });

  it('does not prune an object labelled as ours on the cached list that a fresh read shows as another owner\'s', async () => {
    const theirs = withMeta(gateway, { labels: ownerLabels({ name: 'other', namespace: 'x' }) });
    const cluster = fakeCluster([theirs], [gateway]);
    await convergeInstallation(desired, owner, cluster.port);
    expect(cluster.calls.some((c) => c.startsWith('delete'))).toBe(false);
  });

  it('never prunes an object that carries our labels but was never applied by us (Endpoints mirror a Service\'s labels)', async () => {
    const mirrored = withMeta(obj('v1', 'Endpoints', 'istiod', 'istio-system'), { managedFields: [{ manager: 'kube-controller-manager', operation: 'Update' }] });
    const { port, calls } = fakeCluster([], [mirrored]);
    await convergeInstallation(desired, owner, port);
    expect(calls.some((c) => c.startsWith('delete') || c.startsWith('readLive fresh'))).toBe(false);
  });

  it('refuses an existing unlabelled object with a name we render, unless asked to adopt', async () => {
    const foreign = withMeta(cm, { uid: 'c-9', labels: { app: 'theirs' }, managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update' }] });
    const { port, calls } = fakeCluster([foreign]);
    await expect(convergeInstallation(desired, owner, port)).rejects.toThrow(TakeoverRequiredError);
    await expect(convergeInstallation(desired, owner, port)).rejects.toThrow('made by field managers kubectl-client-side-apply (1 object(s)); nothing was written');
    expect(calls.every((c) => c.startsWith('readLive') || c.startsWith('listOwned'))).toBe(true);
    await expect(convergeInstallation(desired, owner, port, {}, { takeover: allow })).resolves.toBeDefined();
  });
});

const allow: TakeoverPermission = { allowed: true, advice: '', allowVersionSkip: false, versionSkipAdvice: 'accept the jump' };
const refuse: TakeoverPermission = { ...allow, allowed: false, advice: 'ask first' };

describe('convergeInstallation: another installer\'s objects', () => {
  // What Istio 1.23's in-cluster operator leaves: our very labels, its version, the shared field manager.
  const legacy = (o: KubeObject, version = '1.23.6'): KubeObject => ({
    ...o,
    metadata: { ...o.metadata, uid: `${o.metadata.name}-uid`, labels: { ...ownerLabels(), [LabelKeys.version]: version, [LabelKeys.managed]: 'Reconcile' }, managedFields: [{ manager: LEGACY_FIELD_MANAGER, operation: 'Apply' }] },
  });
  const oldGateway = legacy(obj('apps/v1', 'Deployment', 'istio-ingressgateway', 'istio-system'));

  it('writes and deletes nothing, and names the installer, its version and the plan', async () => {
    const { port, calls } = fakeCluster([legacy(cm), legacy(deploy)], [oldGateway]);
    const error = await convergeInstallation(desired, owner, port, {}, { takeover: refuse }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TakeoverRequiredError);
    const message = (error as Error).message;
    expect(message).toContain('made by istioctl install (1.23 or older) (Istio 1.23.6, 2 object(s))');
    expect(message).toContain('create 1 (CustomResourceDefinition.apiextensions.k8s.io gateways.networking.istio.io)');
    expect(message).toContain('leave 1 of theirs it does not render in place (Deployment.apps istio-system/istio-ingressgateway)');
    expect(message).toContain('ask first');
    expect(calls.filter((c) => !c.startsWith('readLive') && !c.startsWith('listOwned'))).toEqual([]);
  });

  it('refuses a takeover that jumps more minors than upstream allows in place, unless accepted', async () => {
    const { port, calls } = fakeCluster([legacy(cm), legacy(deploy)]);
    const error = await convergeInstallation(desired, owner, port, {}, { takeover: allow }).catch((e: unknown) => e);
    expect((error as TakeoverRequiredError).reason).toBe('UpgradeNotAllowed');
    expect((error as Error).message).toContain('go through 1.23 -> 1.24 -> 1.25 -> 1.26 -> 1.27');
    expect(calls.filter((c) => !c.startsWith('readLive') && !c.startsWith('listOwned'))).toEqual([]);
    const taken: string[] = [];
    const result = await convergeInstallation(desired, owner, port, { onTakeover: (plan) => void taken.push(...plan.installers.map((i) => i.installer)) }, { takeover: { ...allow, allowVersionSkip: true } });
    expect(taken).toHaveLength(1);
    expect(result.takenOver?.rollOut).toEqual([]);
    expect(calls.some((c) => c.startsWith('delete'))).toBe(false);
  });

  it('takes over without a version question when the installed release is one minor away', async () => {
    const { port } = fakeCluster([legacy(cm, '1.30.3'), legacy(deploy, '1.30.3')]);
    await expect(convergeInstallation(desired, owner, port, {}, { takeover: allow })).resolves.toMatchObject({ takenOver: { configure: [], unchanged: [refOf(cm), refOf(deploy)] } });
  });

  it('never prunes the installer\'s objects it does not render, even labelled as ours', async () => {
    const { port, calls } = fakeCluster([legacy(cm, '1.30.3'), legacy(deploy, '1.30.3')], [oldGateway]);
    await convergeInstallation(desired, owner, port, {}, { takeover: allow });
    expect(calls.some((c) => c.startsWith('delete'))).toBe(false);
  });
});

describe('assessInstallation', () => {
  it('reads back only rollout kinds and reports what is not ready per component', async () => {
    const rolledOut = { ...deploy, metadata: { ...deploy.metadata, generation: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 0 } };
    const { port, calls } = fakeCluster([rolledOut]);
    const components = await assessInstallation(desired, port);
    expect(calls).toEqual(['readLive CustomResourceDefinition,Deployment']);
    expect(components).toEqual([
      { component: 'Base', ready: false, failed: false, objectCount: 1, reasons: ['CustomResourceDefinition.apiextensions.k8s.io gateways.networking.istio.io: not found'] },
      { component: 'Pilot', ready: false, failed: false, objectCount: 2, reasons: ['Deployment.apps istio-system/istiod: 0/1 replicas available'] },
    ]);
  });
});

describe('buildNamespaces', () => {
  it('lists the istio namespace and every component namespace once, sorted', () => {
    const withGateway = { ...desired, components: [...desired.components, { component: 'IngressGateways' as const, instance: 'gw', namespace: 'gateways', objects: [gateway] }] };
    expect(buildNamespaces(withGateway)).toEqual(['gateways', 'istio-system']);
  });
});
