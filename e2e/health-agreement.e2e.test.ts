import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IstioOperatorObject } from '../src/api/istio-operator.js';
import type { JsonObject } from '../src/api/json.js';
import type { KubeObject } from '../src/api/kube-object.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { resolveRepoRoot } from './cluster/paths.js';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { buildHealthReaders, type HealthReaders } from './support/health-readers.js';
import { startOperator, type OperatorProcess } from './support/operator-process.js';

/**
 * Flux kstatus, Argo CD's IstioOperator health check (its own health.lua, run by gopher-lua) and
 * `kubectl wait --for=condition=Ready` read the same IstioOperator in each state the operator
 * reports, and must agree: ready for all three, or not ready for all three. The table printed at
 * the end is what docs/gitops.md states.
 */
const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const DEADLINE_S = 12;
let readers: HealthReaders;
let operator: OperatorProcess | undefined;
let ns = '';
const measured: string[] = [];

const start = async (): Promise<OperatorProcess> => startOperator(inject('kubeconfig'), ['--progress-deadline', String(DEADLINE_S), '--namespaces', ns]);

function istioOperator(spec: JsonObject): KubeObject {
  const values = (spec.values as JsonObject | undefined) ?? {};
  return { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'mesh', namespace: ns }, spec: { profile: 'minimal', ...spec, values: { ...values, global: { istioNamespace: ns } } } };
}
/** Pods that can never be scheduled (no node has the label), so istiod never becomes available. */
const UNSCHEDULABLE = { components: { pilot: { k8s: { nodeSelector: { 'e2e.istio-operator.test/none': 'true' } } } } };

const read = async (): Promise<IstioOperatorObject> => {
  const iop = await cluster.getIstioOperator(ns, 'mesh');
  if (!iop) throw new Error('IstioOperator mesh is gone');
  return iop;
};
const current = (iop: IstioOperatorObject): boolean => iop.status?.observedGeneration === iop.metadata.generation;
const waitForIop = (what: string, ok: (iop: IstioOperatorObject) => boolean, timeoutMs = 90_000) =>
  waitFor(what, async () => {
    const iop = await read();
    return ok(iop) ? iop : undefined;
  }, timeoutMs);

/** Reads the object once, asks all three readers, records the row and checks they agree. */
function assertAgreement(state: string, iop: IstioOperatorObject, want: { kstatus: string; argo: string; ready: boolean }): void {
  const { kstatus, argo } = readers.judge(iop);
  const ready = readers.kubectlWaitReady(inject('kubeconfig'), ns, 'mesh');
  measured.push(`${state.padEnd(34)} kstatus=${kstatus.status.padEnd(11)} argo=${argo.status.padEnd(12)} kubectl-wait-Ready=${ready ? 'ok' : 'fails'}  (status.status=${String(iop.status?.status)})`);
  expect({ kstatus: kstatus.status, argo: argo.status, ready }, `${state}: kstatus "${kstatus.message}", argo "${argo.message}"`).toEqual(want);
  // The agreement itself, whatever the table says.
  expect(kstatus.status === 'Current').toBe(ready);
  expect(argo.status === 'Healthy').toBe(ready);
}

beforeAll(async () => {
  readers = buildHealthReaders();
  const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  ns = await createTestNamespace(kc, 'e2e-health');
  operator = await start();
}, 30 * 60_000);

afterAll(async () => {
  console.info(`What each reader shows:\n${measured.join('\n')}`);
  const code = await operator?.stop();
  await deleteTestNamespace(kc, ns);
  expect(code, operator?.logs().slice(-3000)).toBe(0);
});

describe('kstatus, Argo CD and kubectl wait agree on an IstioOperator', () => {
  it('progressing, then stalled on the progress deadline, with one Stalled Event', async () => {
    await cluster.apply(istioOperator(UNSCHEDULABLE));
    const progressing = await waitForIop('Reconciling', (i) => current(i) && conditionOf(i, 'Reconciling')?.status === 'True' && !!i.status?.componentStatus, 30_000);
    assertAgreement('progressing (rolling out)', progressing, { kstatus: 'InProgress', argo: 'Progressing', ready: false });

    const stalled = await waitForIop('Stalled ProgressDeadlineExceeded', (i) => conditionOf(i, 'Stalled')?.reason === 'ProgressDeadlineExceeded', (DEADLINE_S + 60) * 1000);
    assertAgreement('stalled (ProgressDeadlineExceeded)', stalled, { kstatus: 'Failed', argo: 'Degraded', ready: false });
    await waitFor('a Stalled Event', async () => (await cluster.events(ns, 'mesh')).some((e) => e.startsWith('Stalled: ')), 10_000);
    await new Promise((r) => setTimeout(r, 8_000)); // several re-checks later
    expect((await cluster.events(ns, 'mesh')).filter((e) => e.startsWith('Stalled: '))).toHaveLength(1);
  }, 180_000);

  it('ready', async () => {
    await cluster.apply(istioOperator({}));
    const ready = await waitForIop('Ready=True', (i) => current(i) && conditionOf(i, 'Ready')?.status === 'True', 90_000);
    assertAgreement('ready', ready, { kstatus: 'Current', argo: 'Healthy', ready: true });
  }, 120_000);

  it('right after a spec change, before the operator acts on it', async () => {
    await operator?.stop();
    operator = undefined;
    await cluster.apply(istioOperator({ values: { pilot: { env: { E2E_MARK: '1' } } } }));
    const changed = await waitForIop('the new generation', (i) => !current(i), 10_000);
    // Argo's health.lua reads only status.status, still HEALTHY until the operator writes: measured, not hidden.
    assertAgreementStale(changed);
    operator = await start();
    const started = await waitForIop('Reconciling or Ready on the new generation', (i) => conditionOf(i, 'Ready')?.status === 'True' && current(i), 60_000);
    expect(started.status?.status).toBe('HEALTHY');
  }, 120_000);

  it('invalid spec: Stalled ValidationFailed, one Event, no HEALTHY component', async () => {
    await cluster.apply(istioOperator({ values: { pilot: { replicaCountt: 2 } } }));
    const invalid = await waitForIop('Stalled InvalidSpec', (i) => current(i) && conditionOf(i, 'Stalled')?.reason === 'InvalidSpec', 30_000);
    assertAgreement('invalid (Stalled InvalidSpec)', invalid, { kstatus: 'Failed', argo: 'Degraded', ready: false });
    expect(Object.values(invalid.status?.componentStatus ?? {}).filter((c) => (c as { status?: string }).status === 'HEALTHY')).toEqual([]);
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await cluster.events(ns, 'mesh')).filter((e) => e.startsWith('ValidationFailed: '))).toHaveLength(1);
  }, 60_000);

  it('deleting', async () => {
    await cluster.apply(istioOperator({}));
    await waitForIop('Ready=True', (i) => current(i) && conditionOf(i, 'Ready')?.status === 'True', 90_000);
    // An owned object that cannot go away yet keeps the finalizer (and so the Deleting state) in place.
    const hold = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: ns, finalizers: ['e2e.istio-operator.test/hold'] } };
    await cluster.apply(hold, 'e2e-hold');
    await cluster.delete({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', namespace: ns, name: 'mesh' });
    const deleting = await waitForIop('Ready=False reason Deleting', (i) => !!i.metadata.deletionTimestamp && conditionOf(i, 'Ready')?.reason === 'Deleting', 30_000);
    assertAgreement('deleting (finalizer running)', deleting, { kstatus: 'Terminating', argo: 'Progressing', ready: false });
    await cluster.apply({ ...hold, metadata: { ...hold.metadata, finalizers: [] } }, 'e2e-hold');
    await waitFor('the IstioOperator to go', async () => (await cluster.getIstioOperator(ns, 'mesh')) === undefined, 60_000);
  }, 180_000);
});

/** Before the operator's first write for a new generation: kstatus and kubectl see the stale generation; Argo cannot. */
function assertAgreementStale(iop: IstioOperatorObject): void {
  const { kstatus, argo } = readers.judge(iop);
  const ready = readers.kubectlWaitReady(inject('kubeconfig'), ns, 'mesh');
  measured.push(`${'spec changed, operator not yet acted'.padEnd(34)} kstatus=${kstatus.status.padEnd(11)} argo=${argo.status.padEnd(12)} kubectl-wait-Ready=${ready ? 'ok' : 'fails'}  (status.status=${String(iop.status?.status)})`);
  expect(kstatus.status, kstatus.message).toBe('InProgress');
  expect(ready).toBe(false);
  expect(argo.status).toBe('Healthy');
}
