// The few cluster operations the operator benchmark needs, on the operator's own kube modules.
import { randomBytes } from 'node:crypto';
import type { IstioOperatorObject } from '../../src/api/istio-operator.js';
import type { KubeObject, ObjectRef } from '../../src/api/kube-object.js';
import type { KubeClients } from '../../src/kube/kube-client.js';
import { applyObject, deleteObject, getObject, listObjects } from '../../src/kube/object-io.js';

export const BENCH_FIELD_MANAGER = 'istio-operator-bench';
export const IOP_TYPE = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
export const CRD_TYPE = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' } as const;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `intervalMs` until it returns true; throws after `timeoutMs`. */
export async function pollUntil(what: string, probe: () => Promise<boolean>, intervalMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Ready=True for the current generation (a stale Ready from before an edit does not count). */
export function isReadyNow(iop: IstioOperatorObject | undefined): boolean {
  const conditions = (iop?.status?.conditions ?? []) as { type: string; status: string }[];
  const ready = conditions.find((c) => c.type === 'Ready')?.status === 'True';
  return ready && iop?.status?.observedGeneration === iop?.metadata.generation;
}

export function buildDemoIstioOperator(name: string, namespace: string, annotations: Record<string, string> = {}): KubeObject {
  return { ...IOP_TYPE, metadata: { name, namespace, annotations }, spec: { profile: 'demo', values: { global: { istioNamespace: namespace } } } };
}

export const iopRef = (namespace: string, name: string): ObjectRef => ({ ...IOP_TYPE, namespace, name });

export async function getIstioOperator(clients: KubeClients, namespace: string, name: string): Promise<IstioOperatorObject | undefined> {
  return (await getObject(clients, iopRef(namespace, name))) as IstioOperatorObject | undefined;
}

export async function applyAsBench(clients: KubeClients, obj: KubeObject): Promise<KubeObject> {
  return applyObject(clients, obj, { fieldManager: BENCH_FIELD_MANAGER });
}

export async function createBenchNamespace(clients: KubeClients): Promise<string> {
  const name = `bench-operator-${randomBytes(4).toString('hex')}`;
  await applyAsBench(clients, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'bench.istio-operator.test/run': 'operator' } } });
  return name;
}

export async function deleteNamespace(clients: KubeClients, name: string): Promise<void> {
  await deleteObject(clients, { apiVersion: 'v1', kind: 'Namespace', name });
}

export async function listIstioCrdNames(clients: KubeClients): Promise<Set<string>> {
  const { items } = await listObjects(clients, CRD_TYPE);
  return new Set(items.map((c) => c.metadata.name).filter((n) => n.endsWith('istio.io')));
}

export async function countIstioOperators(clients: KubeClients): Promise<number> {
  return (await listObjects(clients, IOP_TYPE)).items.length;
}

/** `reason: note` of the events about `name` created at or after `sinceMs` (what a reconcile changed). */
export async function listEventNotesSince(clients: KubeClients, namespace: string, name: string, sinceMs: number): Promise<string[]> {
  const { items } = await listObjects(clients, { apiVersion: 'events.k8s.io/v1', kind: 'Event' }, { namespace });
  return items
    .filter((e) => (e.regarding as { name?: string } | undefined)?.name === name && Date.parse(String(e.eventTime)) >= sinceMs)
    .map((e) => `${String(e.reason)}: ${String(e.note)}`);
}
