import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../src/api/kube-object.js';
import { loadSourceCatalog } from '../src/assets/load-assets.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { resolveRepoRoot } from './cluster/paths.js';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { readMetric, startOperator, type OperatorProcess } from './support/operator-process.js';
import { removeIstioOperator } from './support/remove-istio-operator.js';

const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const catalog = loadSourceCatalog();
const oldest = catalog.packs[0]?.version as string;
const newest = catalog.defaultVersion;
const WRITES = 'istio_operator_api_write_requests_total';
const RECONCILES = 'istio_operator_reconciles_total';
let operator: OperatorProcess;
let ns = '';

/** A minimal installation of `release` with its own revision, in the test namespace. */
const istioOperator = (name: string, release: string | undefined, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'install.istio.io/v1alpha1',
  kind: 'IstioOperator',
  metadata: { name, namespace: ns, annotations },
  spec: { profile: 'minimal', revision: name, ...(release ? { tag: release } : {}), values: { global: { istioNamespace: ns } } },
});

const readyOn = (name: string) =>
  waitFor(`${name} Ready`, async () => {
    const iop = await cluster.getIstioOperator(ns, name);
    return conditionOf(iop, 'Ready')?.status === 'True' && iop?.status?.observedGeneration === iop?.metadata.generation ? iop : undefined;
  }, 120_000);

beforeAll(async () => {
  const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  operator = await startOperator(inject('kubeconfig'));
  ns = await createTestNamespace(kc, 'e2e-packs');
});

afterAll(async () => {
  if (ns) for (const name of ['older', 'newer', 'untagged']) await removeIstioOperator(cluster, ns, name, 60_000).catch(() => undefined);
  if (ns) await deleteTestNamespace(kc, ns);
  const code = await operator?.stop();
  expect(code, operator?.logs().slice(-3000)).toBe(0);
});

describe(`two installations of different releases side by side (${oldest} and ${newest})`, () => {
  it('each runs its own release, the cluster keeps the newer CRDs, and neither writes once both are Ready', async () => {
    await cluster.apply(istioOperator('older', oldest));
    await cluster.apply(istioOperator('newer', newest));
    const [older, newer] = await Promise.all([readyOn('older'), readyOn('newer')]);
    expect(older.status?.istioVersion).toBe(oldest);
    expect(newer.status?.istioVersion).toBe(newest);
    const istiod = async (rev: string) => (await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: `istiod-${rev}` }))?.metadata.labels?.['app.kubernetes.io/version'];
    expect([await istiod('older'), await istiod('newer')]).toEqual([oldest, newest]);
    const crd = await cluster.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'virtualservices.networking.istio.io' });
    expect(crd?.metadata.labels?.['app.kubernetes.io/version']).toBe(newest);

    // Both woken again and again (annotation pokes): no write, by either, on the shared CRDs or anything else.
    const before = await operator.metrics();
    for (let i = 0; i < 3; i++) {
      for (const name of ['older', 'newer']) await cluster.apply({ ...istioOperator(name, name === 'older' ? oldest : newest, { poke: String(i) }) });
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const after = await operator.metrics();
    const reconciles = readMetric(after, RECONCILES) - readMetric(before, RECONCILES);
    const writes = readMetric(after, WRITES) - readMetric(before, WRITES);
    console.info(`packs: ${reconciles} reconciles of the two installations, ${writes} API writes`);
    expect(reconciles).toBeGreaterThanOrEqual(2);
    expect(writes, operator.logs().split('\n').filter((l) => /Applied|writes/.test(l)).slice(-10).join('\n')).toBe(0);
  });

  it('a tag of a release without a pack stalls with the supported releases named, and applies nothing', async () => {
    await cluster.apply({ ...istioOperator('untagged', '1.20.0') });
    const stalled = await waitFor('untagged Stalled', async () => {
      const iop = await cluster.getIstioOperator(ns, 'untagged');
      return conditionOf(iop, 'Stalled')?.status === 'True' ? iop : undefined;
    }, 60_000);
    expect(conditionOf(stalled, 'Stalled')?.message).toBe(`spec.tag: tag 1.20.0 is Istio 1.20.0, which this operator cannot install; supported releases: ${catalog.packs.map((p) => p.version).join(', ')}`);
    expect(await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod-untagged' })).toBeUndefined();
  });
});
