import { afterAll, describe, expect, it } from 'vitest';
import { buildUniqueName, deleteTestNamespace, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import { groupOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import { applyObjects } from './apply-objects.js';
import { computeApplyDrift } from './apply-noop.js';
import { refKey } from './change-set.js';
import { buildKubeClients } from './kube-client.js';
import { listOwned } from './list-owned.js';
import { getLiveObjects } from './live-objects.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { pruneObjects } from './prune-objects.js';

const kc = loadTestKubeConfig();
const clients = buildKubeClients(kc);
const istioNs = buildUniqueName('kube-int-istio');
const owner = { name: buildUniqueName('noop'), namespace: istioNs };

let crds: KubeObject[] = [];

afterAll(async () => {
  const owned = await listOwned(clients, owner, OWNED_KINDS);
  await pruneObjects(clients, owned, [], { pruneNamespaces: true });
  await deleteTestNamespace(kc, istioNs);
  // Istio's CRDs are cluster-wide and shared with the e2e suites: leave them, but not labelled as ours.
  const unlabelled = crds.map((c) => ({ ...c, metadata: { name: c.metadata.name } }));
  await applyObjects(clients, unlabelled, { fieldManager: FIELD_MANAGER });
});

/** Built-in kinds and CRDs; custom resources would need Istio's CRDs served first. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'admissionregistration.k8s.io', 'networking.k8s.io', 'apiextensions.k8s.io']);

describe('a re-apply of a real rendered installation', () => {
  it('writes nothing when nothing changed', async () => {
    const rendered = buildDesiredState(
      {
        documents: [
          {
            apiVersion: 'install.istio.io/v1alpha1',
            kind: 'IstioOperator',
            metadata: { name: owner.name, namespace: istioNs },
            spec: {
              profile: 'demo',
              namespace: istioNs,
              revision: owner.name,
              values: { global: { istioNamespace: istioNs } },
              components: {
                pilot: { k8s: { hpaSpec: { minReplicas: 1, maxReplicas: 3 }, resources: { requests: { cpu: '1000m', memory: '1024Mi' } } } },
                ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, namespace: istioNs }],
                egressGateways: [{ name: 'istio-egressgateway', enabled: true, namespace: istioNs }],
              },
            },
          },
        ],
        setFlags: [],
        owner,
      },
      loadAssets(),
    );
    if (!rendered.ok) throw new Error(JSON.stringify(rendered.errors));
    // Objects some chart pins to istio-system stay out too: that namespace may belong to an e2e run.
    const objects: KubeObject[] = rendered.value.objects.filter(
      (o) => BUILT_IN_GROUPS.has(groupOf(o.apiVersion)) && (o.metadata.namespace === undefined || o.metadata.namespace === istioNs),
    );
    crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(10);
    expect(objects.length - crds.length).toBeGreaterThanOrEqual(20);
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: istioNs } };
    const desired = objects.some((o) => o.kind === 'Namespace') ? objects : [namespace, ...objects];

    const first = await applyObjects(clients, desired, { fieldManager: FIELD_MANAGER });
    expect(first.entries.filter((e) => e.action === 'unchanged' && e.ref.kind !== 'CustomResourceDefinition')).toEqual([]);

    const live = await getLiveObjects(clients, desired);
    const drifts = desired.map((o) => [refKey(o), computeApplyDrift(o, live.get(refKey(o)), FIELD_MANAGER)]).filter(([, d]) => d !== undefined);
    expect(drifts).toEqual([]);

    const again = await applyObjects(clients, desired, { fieldManager: FIELD_MANAGER, live });
    expect(again.requests.writes).toBe(0);
    expect(again.entries.every((e) => e.action === 'unchanged')).toBe(true);
  });
});
