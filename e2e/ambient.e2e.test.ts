import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../src/api/kube-object.js';
import { LabelKeys } from '../src/api/labels.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { startOperator, type OperatorProcess } from './support/operator-process.js';

/**
 * Ambient mode through the operator process: the CNI agent and ztunnel DaemonSets roll out on the
 * (simulated) node and the IstioOperator becomes Ready only then; leaving ambient prunes the node agents,
 * their cluster-scoped RBAC included, and nothing else.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kc = loadTestKubeConfig();
const cluster = createClusterClient();
let operator: OperatorProcess;
let ns = '';

const iop = (profile: string): KubeObject => ({
  apiVersion: 'install.istio.io/v1alpha1',
  kind: 'IstioOperator',
  metadata: { name: 'ambient', namespace: ns },
  spec: { profile, values: { global: { istioNamespace: ns } } },
});

const readyFor = (profile: string) =>
  waitFor(`Ready=True for profile ${profile}`, async () => {
    const live = await cluster.getIstioOperator(ns, 'ambient');
    const ready = conditionOf(live, 'Ready');
    return ready?.status === 'True' && live?.status?.observedGeneration === live?.metadata.generation ? live : undefined;
  }, 120_000);

const ownedBy = async (kind: { apiVersion: string; kind: string }, component: string): Promise<string[]> =>
  (await cluster.list(kind, { labelSelector: `${LabelKeys.owningResource}=ambient,${LabelKeys.component}=${component}` })).map((o) => o.metadata.name).sort();

const DAEMONSET = { apiVersion: 'apps/v1', kind: 'DaemonSet' };
const CLUSTER_ROLE = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' };

beforeAll(async () => {
  const crd = yaml.load(readFileSync(path.join(root, 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  ns = await createTestNamespace(kc, 'e2e-ambient');
  operator = await startOperator(inject('kubeconfig'));
});

afterAll(async () => {
  const code = await operator?.stop();
  await deleteTestNamespace(kc, ns);
  expect(code, operator?.logs().slice(-3000)).toBe(0);
});

describe('an ambient installation', () => {
  it('becomes Ready once the CNI and ztunnel DaemonSets are available on the node', async () => {
    await cluster.apply(iop('ambient'));
    const ready = await readyFor('ambient');
    expect(ready.status?.componentStatus).toMatchObject({ Cni: { status: 'HEALTHY' }, Ztunnel: { status: 'HEALTHY' } });
    expect(await ownedBy(DAEMONSET, 'Cni')).toEqual(['istio-cni-node']);
    expect(await ownedBy(DAEMONSET, 'Ztunnel')).toEqual(['ztunnel']);
    for (const name of ['istio-cni-node', 'ztunnel']) {
      const ds = await cluster.get({ ...DAEMONSET, namespace: ns, name });
      const status = ds?.status as { desiredNumberScheduled?: number; numberAvailable?: number } | undefined;
      expect(status?.desiredNumberScheduled, name).toBeGreaterThan(0);
      expect(status?.numberAvailable, name).toBe(status?.desiredNumberScheduled);
    }
    expect(await ownedBy(CLUSTER_ROLE, 'Cni')).toEqual(['istio-cni', 'istio-cni-ambient', 'istio-cni-repair-role']);
  });

  it('switching to minimal prunes the node agents and their cluster RBAC, and keeps istiod', async () => {
    await cluster.apply(iop('minimal'));
    await waitFor('the node agents pruned', async () => (await ownedBy(DAEMONSET, 'Cni')).length + (await ownedBy(DAEMONSET, 'Ztunnel')).length === 0, 60_000);
    await readyFor('minimal');
    expect(await ownedBy(CLUSTER_ROLE, 'Cni')).toEqual([]);
    expect(await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod' })).toBeDefined();
  });
});
