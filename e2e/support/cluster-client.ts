import type { KubeConfig } from '@kubernetes/client-node';
import type { IstioOperatorObject } from '../../src/api/istio-operator.js';
import type { KubeObject, ObjectRef } from '../../src/api/kube-object.js';
import { buildKubeClients, type KubeClients } from '../../src/kube/kube-client.js';
import { deleteObject, getObject, listObjects } from '../../src/kube/object-io.js';
import { applyObject } from '../../src/kube/object-io.js';
import { loadTestKubeConfig } from '../cluster/test-kube.js';

/** What the e2e scenarios need from the cluster, on top of the operator's own kube modules. */
export interface ClusterClient {
  clients: KubeClients;
  apply(obj: KubeObject, fieldManager?: string): Promise<KubeObject>;
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  delete(ref: ObjectRef): Promise<void>;
  list(kind: { apiVersion: string; kind: string }, opts?: { namespace?: string; labelSelector?: string }): Promise<KubeObject[]>;
  getIstioOperator(namespace: string, name: string): Promise<IstioOperatorObject | undefined>;
  /** Events (events.k8s.io) about an IstioOperator, as `reason: note` lines. */
  events(namespace: string, name: string): Promise<string[]>;
}

/** On the test cluster, or on the cluster of `kc` (the fault suite's own). */
export function createClusterClient(kc: KubeConfig = loadTestKubeConfig()): ClusterClient {
  const clients = buildKubeClients(kc);
  return {
    clients,
    apply: (obj, fieldManager = 'e2e-test') => applyObject(clients, obj, { fieldManager }),
    get: (ref) => getObject(clients, ref),
    async delete(ref) {
      await deleteObject(clients, ref);
    },
    list: async (kind, opts = {}) => (await listObjects(clients, kind, opts)).items,
    getIstioOperator: async (namespace, name) =>
      (await getObject(clients, { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', namespace, name })) as IstioOperatorObject | undefined,
    async events(namespace, name) {
      const { items } = await listObjects(clients, { apiVersion: 'events.k8s.io/v1', kind: 'Event' }, { namespace });
      return items
        .filter((e) => (e.regarding as { name?: string } | undefined)?.name === name)
        .map((e) => `${String(e.reason)}: ${String(e.note)}`);
    },
  };
}

/** Polls `probe` until it returns a value other than undefined/false, or fails with `what` and the last value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function conditionOf(iop: IstioOperatorObject | undefined, type: string): { status: string; reason: string; message: string } | undefined {
  const conditions = (iop?.status?.conditions ?? []) as unknown as { type: string; status: string; reason: string; message: string }[];
  return conditions.find((c) => c.type === type);
}
