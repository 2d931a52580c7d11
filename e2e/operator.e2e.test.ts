import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JsonObject } from '../src/api/json.js';
import { refOf, type KubeObject } from '../src/api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../src/api/labels.js';
import { loadAssets } from '../src/assets/load-assets.js';
import { buildDesiredState } from '../src/pipeline/build-desired-state.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { listOwned } from '../src/kube/list-owned.js';
import { OWNED_KINDS } from '../src/kube/owned-kinds.js';
import { buildUniqueName, createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { readMetric, startOperator, type OperatorProcess } from './support/operator-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const assets = loadAssets();
let operator: OperatorProcess;

const IOP = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
const deployment = (namespace: string, name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });

/** An IstioOperator whose whole installation lands in `namespace` (so scenarios never share objects). */
function istioOperator(name: string, namespace: string, spec: JsonObject, annotations: Record<string, string> = {}): KubeObject {
  const values = (spec.values as JsonObject | undefined) ?? {};
  const global = { ...((values.global as JsonObject | undefined) ?? {}), istioNamespace: namespace };
  return { ...IOP, metadata: { name, namespace, annotations }, spec: { ...spec, values: { ...values, global } } };
}

function desiredObjects(iop: KubeObject): KubeObject[] {
  const result = buildDesiredState({ documents: [iop as unknown as JsonObject], setFlags: [], owner: { name: iop.metadata.name, namespace: iop.metadata.namespace ?? '' } }, assets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.objects;
}

const waitForCondition = (namespace: string, name: string, type: string, status: string, reason?: string, timeoutMs = 60_000) =>
  waitFor(`${type}=${status}${reason ? ` (${reason})` : ''} on ${namespace}/${name}`, async () => {
    const iop = await cluster.getIstioOperator(namespace, name);
    const c = conditionOf(iop, type);
    return c?.status === status && (!reason || c.reason === reason) && iop?.status?.observedGeneration === iop?.metadata.generation ? iop : undefined;
  }, timeoutMs);

beforeAll(async () => {
  const crd = yaml.load(readFileSync(path.join(root, 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  operator = await startOperator(inject('kubeconfig'));
});

afterAll(async () => {
  const code = await operator?.stop();
  expect(code, operator?.logs().slice(-3000)).toBe(0);
});

describe('a demo installation', () => {
  let ns = '';
  let iop: KubeObject;
  let otherNs = '';
  beforeAll(async () => {
    ns = await createTestNamespace(kc, 'e2e-demo');
    otherNs = await createTestNamespace(kc, 'e2e-bystander');
    iop = istioOperator('demo', ns, { profile: 'demo' });
  });
  afterAll(async () => {
    await deleteTestNamespace(kc, otherNs);
  });

  it('becomes Ready with every object applied by our field manager and labelled as ours', async () => {
    const started = Date.now();
    await cluster.apply(iop);
    const ready = await waitForCondition(ns, 'demo', 'Ready', 'True');
    console.info(`demo IstioOperator Ready after ${Date.now() - started} ms`);
    expect(ready.status?.status).toBe('HEALTHY');
    expect(ready.metadata.finalizers).toContain('install.operator.istio.io/finalizer');
    for (const want of desiredObjects(iop)) {
      const live = await cluster.get(refOf(want));
      expect(live, `${want.kind} ${want.metadata.name}`).toBeDefined();
      // Base objects (CRDs, the reader account) are shared by every IstioOperator and owned by none.
      if (want.metadata.labels?.[LabelKeys.component] !== 'Base') {
        expect(live?.metadata.labels?.[LabelKeys.owningResource]).toBe('demo');
        expect(live?.metadata.labels?.[LabelKeys.owningResourceNamespace]).toBe(ns);
      }
      const managers = (live?.metadata.managedFields as { manager: string; operation: string }[]).filter((m) => m.operation === 'Apply').map((m) => m.manager);
      expect(managers).toContain(FIELD_MANAGER);
    }
    expect((await cluster.events(ns, 'demo')).some((e) => e.startsWith('Applied: '))).toBe(true);
  });

  it('makes no write requests when nothing changed', async () => {
    // A first poke lets every kind's watch finish its first list (the cache then serves the reads).
    const warm = await operator.metrics();
    await cluster.apply({ ...iop, metadata: { ...iop.metadata, annotations: { poke: 'warm-up' } } });
    await waitFor('a reconcile after the warm-up poke', async () => readMetric(await operator.metrics(), 'istio_operator_reconciles_total') > readMetric(warm, 'istio_operator_reconciles_total'));
    await new Promise((r) => setTimeout(r, 1500));
    const before = await operator.metrics();
    // An annotation wakes a reconcile without changing the spec.
    await cluster.apply({ ...iop, metadata: { ...iop.metadata, annotations: { poke: String(Date.now()) } } });
    await waitFor('a reconcile after the poke', async () => readMetric(await operator.metrics(), 'istio_operator_reconciles_total') > readMetric(before, 'istio_operator_reconciles_total'));
    await new Promise((r) => setTimeout(r, 1500));
    const after = await operator.metrics();
    expect(readMetric(after, 'istio_operator_api_write_requests_total')).toBe(readMetric(before, 'istio_operator_api_write_requests_total'));
    // The informer cache serves the live objects: the IstioOperator and its namespace are all it reads.
    const reconciles = readMetric(after, 'istio_operator_reconciles_total') - readMetric(before, 'istio_operator_reconciles_total');
    const reads = readMetric(after, 'istio_operator_api_read_requests_total') - readMetric(before, 'istio_operator_api_read_requests_total');
    expect(reads).toBeLessThanOrEqual(5 * reconciles);
    expect(reconciles).toBeLessThanOrEqual(2);
  });

  it('restores a deleted Deployment and an image changed by another field manager', async () => {
    const original = await cluster.get(deployment(ns, 'istiod'));
    await cluster.delete(deployment(ns, 'istiod'));
    const restored = await waitFor('istiod to be recreated', async () => {
      const d = await cluster.get(deployment(ns, 'istiod'));
      return d && d.metadata.uid !== original?.metadata.uid ? d : undefined;
    }, 20_000);
    expect(restored.metadata.labels?.[LabelKeys.owningResource]).toBe('demo');

    const image = ((restored.spec as JsonObject).template as { spec: { containers: { image: string }[] } }).spec.containers[0]?.image;
    await cluster.apply(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: ns }, spec: { template: { spec: { containers: [{ name: 'discovery', image: 'example.com/evil:1' }] } } } },
      'intruder',
    );
    await waitFor('the image to be restored', async () => {
      const d = await cluster.get(deployment(ns, 'istiod'));
      return ((d?.spec as JsonObject).template as { spec: { containers: { image: string }[] } }).spec.containers[0]?.image === image;
    }, 20_000);
    expect((await cluster.events(ns, 'demo')).some((e) => e.startsWith('DriftCorrected: '))).toBe(true);
  });

  it('stalls on an invalid spec, names the field, and deletes nothing', async () => {
    const ownedNow = async () => (await listOwned(cluster.clients, { name: 'demo', namespace: ns }, OWNED_KINDS.filter((k) => k.kind !== 'CustomResourceDefinition'))).length;
    const count = await ownedNow();
    expect(count).toBeGreaterThan(0);
    await cluster.apply(istioOperator('demo', ns, { profile: 'demo', values: { global: { proxy: { privilegd: true } } } }));
    const stalled = await waitForCondition(ns, 'demo', 'Stalled', 'True', 'InvalidSpec');
    expect(conditionOf(stalled, 'Stalled')?.message).toMatch(/spec\.values\.global\.proxy\.privilegd: unknown field/);
    expect(conditionOf(stalled, 'Ready')?.status).toBe('False');
    expect(stalled.status?.status).toBe('ERROR');
    expect((await cluster.events(ns, 'demo')).some((e) => e.startsWith('ValidationFailed: '))).toBe(true);

    await cluster.apply(istioOperator('demo', ns, { profile: 'no-such-profile' }));
    const unknown = await waitForCondition(ns, 'demo', 'Stalled', 'True');
    expect(conditionOf(unknown, 'Stalled')?.message).toMatch(/spec\.profile: unknown profile "no-such-profile"/);
    for (const want of desiredObjects(iop)) expect(await cluster.get(refOf(want)), want.metadata.name).toBeDefined();
    expect(await ownedNow()).toBe(count);

    await cluster.apply(iop);
    await waitForCondition(ns, 'demo', 'Ready', 'True');
  });

  it('switching demo to minimal prunes both gateways and nothing else', async () => {
    const twin = await cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-ingressgateway', namespace: otherNs }, data: { a: 'b' } });
    const unlabelled = await cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'user-config', namespace: ns }, data: { a: 'b' } });
    await cluster.apply(istioOperator('demo', ns, { profile: 'minimal' }));
    await waitFor('the gateways to be pruned', async () =>
      !(await cluster.get(deployment(ns, 'istio-ingressgateway'))) && !(await cluster.get(deployment(ns, 'istio-egressgateway'))));
    await waitForCondition(ns, 'demo', 'Ready', 'True');
    for (const gone of ['istio-ingressgateway', 'istio-egressgateway']) {
      expect(await cluster.get({ apiVersion: 'v1', kind: 'Service', namespace: ns, name: gone })).toBeUndefined();
      expect(await cluster.get({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: ns, name: `${gone}-service-account` })).toBeUndefined();
    }
    expect(await cluster.get(deployment(ns, 'istiod'))).toBeDefined();
    expect(await cluster.get(refOf(twin))).toBeDefined();
    expect(await cluster.get(refOf(unlabelled))).toBeDefined();
    expect((await cluster.events(ns, 'demo')).some((e) => e.startsWith('Pruned: '))).toBe(true);
  });

  it('refuses a second IstioOperator that would take over the same objects', async () => {
    const secondNs = await createTestNamespace(kc, 'e2e-second');
    const second = istioOperator('second', secondNs, { profile: 'minimal' });
    // Same installation namespace as the first one: every object collides.
    (second.spec as { values: { global: JsonObject } }).values.global.istioNamespace = ns;
    await cluster.apply(second);
    const stalled = await waitForCondition(secondNs, 'second', 'Stalled', 'True', 'Conflict');
    expect(conditionOf(stalled, 'Stalled')?.message).toMatch(new RegExp(`is owned by IstioOperator ${ns}/demo`));
    const istiod = await cluster.get(deployment(ns, 'istiod'));
    expect(istiod?.metadata.labels?.[LabelKeys.owningResource]).toBe('demo');
    await cluster.delete({ ...IOP, namespace: secondNs, name: 'second' });
    await waitFor('the refused IstioOperator to go', async () => !(await cluster.getIstioOperator(secondNs, 'second')));
    expect(await cluster.get(deployment(ns, 'istiod'))).toBeDefined();
    await deleteTestNamespace(kc, secondNs);
  });

  it('converges after an operator crash and then reports everything unchanged', async () => {
    await cluster.apply(iop); // back to demo
    await operator.kill();
    operator = await startOperator(inject('kubeconfig'));
    await waitForCondition(ns, 'demo', 'Ready', 'True');
    await waitFor('the gateways to be back', async () => (await cluster.get(deployment(ns, 'istio-egressgateway'))) !== undefined);
    const before = await operator.metrics();
    await cluster.apply({ ...iop, metadata: { ...iop.metadata, annotations: { poke: 'again' } } });
    await waitFor('a reconcile', async () => readMetric(await operator.metrics(), 'istio_operator_reconciles_total') > readMetric(before, 'istio_operator_reconciles_total'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(readMetric(await operator.metrics(), 'istio_operator_api_write_requests_total')).toBe(readMetric(before, 'istio_operator_api_write_requests_total'));
  });

  it('deleting the IstioOperator removes what it owns but keeps the CRDs', async () => {
    const owned = desiredObjects(iop);
    await cluster.delete({ ...IOP, namespace: ns, name: 'demo' });
    await waitFor('the IstioOperator to be finalized', async () => !(await cluster.getIstioOperator(ns, 'demo')));
    for (const obj of owned) {
      const live = await cluster.get(refOf(obj));
      if (obj.metadata.labels?.[LabelKeys.component] === 'Base') expect(live, obj.metadata.name).toBeDefined();
      else expect(live, `${obj.kind} ${obj.metadata.name}`).toBeUndefined();
    }
    await deleteTestNamespace(kc, ns);
  });
});

describe('deletion policies', () => {
  it('creates a missing namespace, and removes it with the CR when it is empty', async () => {
    const crNs = await createTestNamespace(kc, 'e2e-owner');
    const target = buildUniqueName('e2e-created');
    const iop: KubeObject = { ...IOP, metadata: { name: 'own-ns', namespace: crNs }, spec: { profile: 'minimal', values: { global: { istioNamespace: target } } } };
    await cluster.apply(iop);
    await waitForCondition(crNs, 'own-ns', 'Ready', 'True');
    const created = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: target });
    expect(created?.metadata.labels?.[LabelKeys.createdNamespace]).toBe('true');
    await cluster.delete({ ...IOP, namespace: crNs, name: 'own-ns' });
    await waitFor('the IstioOperator to be finalized', async () => !(await cluster.getIstioOperator(crNs, 'own-ns')));
    await waitFor('the created namespace to go', async () => {
      const nsObj = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: target });
      return !nsObj || typeof nsObj.metadata.deletionTimestamp === 'string';
    });
    await deleteTestNamespace(kc, crNs);
  });

  it('orphans the installation when the CR asks for it', async () => {
    const ns = await createTestNamespace(kc, 'e2e-orphan');
    const iop = istioOperator('keep', ns, { profile: 'minimal' }, { 'install.operator.istio.io/deletion-policy': 'orphan' });
    await cluster.apply(iop);
    await waitForCondition(ns, 'keep', 'Ready', 'True');
    await cluster.delete({ ...IOP, namespace: ns, name: 'keep' });
    await waitFor('the IstioOperator to be finalized', async () => !(await cluster.getIstioOperator(ns, 'keep')));
    expect(await cluster.get(deployment(ns, 'istiod'))).toBeDefined();
    // Orphaned means nobody deletes them: remove the cluster-scoped ones ourselves (namespaced go with ns).
    const owned = await listOwned(cluster.clients, { name: 'keep', namespace: ns }, OWNED_KINDS.filter((k) => k.kind !== 'CustomResourceDefinition'));
    for (const obj of owned.filter((o) => !o.metadata.namespace)) await cluster.delete(refOf(obj));
    await deleteTestNamespace(kc, ns);
  });
});
