import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUniqueName, createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { applyObjects } from './apply-objects.js';
import { refKey } from './change-set.js';
import { buildKubeClients } from './kube-client.js';
import { listOwned } from './list-owned.js';
import { deleteObject, getObject } from './object-io.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { pruneObjects } from './prune-objects.js';

const kc = loadTestKubeConfig();
const clients = buildKubeClients(kc);
let ns = '';
let otherNs = '';
const ownedNs = buildUniqueName('kube-int-owned-ns');
const owner = { name: buildUniqueName('main'), namespace: '' };
const group = `${buildUniqueName('p')}.kube-int.example.io`;
const clusterScoped: KubeObject[] = [];

beforeAll(async () => {
  ns = await createTestNamespace(kc, 'kube-prune');
  otherNs = await createTestNamespace(kc, 'kube-prune-other');
  owner.namespace = ns;
});
afterAll(async () => {
  for (const o of clusterScoped) await deleteObject(clients, { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name }).catch(() => false);
  for (const n of [ns, otherNs, ownedNs]) await deleteTestNamespace(kc, n);
});

const labels = (o: { name: string; namespace: string } = owner, extra: Record<string, string> = {}): Record<string, string> => ({
  [LabelKeys.owningResource]: o.name,
  [LabelKeys.owningResourceNamespace]: o.namespace,
  ...extra,
});
const cm = (name: string, namespace: string, l: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: l } });

describe('listOwned + pruneObjects against a real API server', () => {
  it('deletes only our orphans, in reverse apply order', async () => {
    const keep = cm('keep', ns, labels());
    const orphan = cm('orphan', ns, labels());
    const unlabelledTwin = cm('orphan', otherNs, {});
    const otherCrSameName = cm('other-cr', ns, labels({ name: owner.name, namespace: otherNs }));
    const pinned = cm('pinned', ns, labels(owner, { [LabelKeys.notPruned]: 'true' }));
    const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: buildUniqueName('kube-int-role'), labels: labels() }, rules: [] };
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `things.${group}`, labels: labels() },
      spec: {
        group,
        scope: 'Namespaced',
        names: { kind: 'Thing', plural: 'things' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ownedNs, labels: labels() } };
    clusterScoped.push(role, crd);
    await applyObjects(clients, [crd, namespace, role, keep, orphan, unlabelledTwin, otherCrSameName, pinned], { fieldManager: FIELD_MANAGER });

    const owned = await listOwned(clients, owner, OWNED_KINDS);
    expect(owned.map(refKey).sort()).toEqual([crd, namespace, role, keep, orphan, pinned].map(refKey).sort());

    const pruned: string[] = [];
    const cs = await pruneObjects(clients, owned, [keep], { onPruned: (e) => pruned.push(refKey(e.ref)) });
    expect(cs.entries.map((e) => refKey(e.ref))).toEqual([refKey(orphan), refKey(role)]);
    expect(pruned).toEqual([refKey(orphan), refKey(role)]);
    expect(cs.requests.writes).toBe(2);

    const exists = async (o: KubeObject): Promise<boolean> =>
      (await getObject(clients, { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace })) !== undefined;
    expect(await exists(orphan)).toBe(false);
    expect(await exists(role)).toBe(false);
    for (const survivor of [keep, unlabelledTwin, otherCrSameName, pinned, crd, namespace]) expect(await exists(survivor)).toBe(true);

    // Deleting what is already gone counts as done.
    const again = await pruneObjects(clients, owned, [keep]);
    expect(again.entries).toHaveLength(2);
  });

  it('prunes CRDs and Namespaces only when asked to', async () => {
    const owned = await listOwned(clients, owner, OWNED_KINDS);
    const cs = await pruneObjects(clients, owned, owned.filter((o) => o.kind === 'ConfigMap'), { pruneCrds: true, pruneNamespaces: true });
    expect(cs.entries.map((e) => e.ref.kind)).toEqual(['Namespace', 'CustomResourceDefinition']);
  });
});
