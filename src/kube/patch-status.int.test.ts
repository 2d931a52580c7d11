import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import { IOP_API_VERSION, IOP_KIND, type IstioOperatorObject, type IstioOperatorStatus } from '../api/istio-operator.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, FINALIZER } from '../api/labels.js';
import { waitForCrdEstablished } from './crd-established.js';
import { recordEvent } from './events.js';
import { getIstioOperator } from './get-istio-operator.js';
import { buildKubeClients } from './kube-client.js';
import { isConflict } from './kube-errors.js';
import { newRequestCount } from './kube-rest.js';
import { getObject, listObjects } from './object-io.js';
import { addFinalizer, buildIstioOperatorPath, patchIstioOperatorStatus, removeFinalizer } from './patch-status.js';

const kc = loadTestKubeConfig();
const clients = buildKubeClients(kc);
const CRD_NAME = 'istiooperators.install.istio.io';
let ns = '';

/** The project's IstioOperator CRD, installed only if no test or run installed it already. */
async function ensureIstioOperatorCrd(): Promise<void> {
  const ref = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: CRD_NAME };
  if (!(await getObject(clients, ref))) {
    const crd = yaml.load(await readFile(new URL('../../crds/istio-operator.yaml', import.meta.url), 'utf8')) as JsonObject;
    await clients.rest({ method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd }).catch((err: unknown) => {
      if (!isConflict(err)) throw err;
    });
  }
  await waitForCrdEstablished(clients, CRD_NAME);
}

beforeAll(async () => {
  await ensureIstioOperatorCrd();
  ns = await createTestNamespace(kc, 'kube-status');
});
afterAll(async () => {
  const iop = await getIstioOperator(clients, ns, 'main');
  if (iop) await removeFinalizer(clients, iop).catch(() => iop);
  await deleteTestNamespace(kc, ns);
});

async function createIop(name: string): Promise<IstioOperatorObject> {
  const body = { apiVersion: IOP_API_VERSION, kind: IOP_KIND, metadata: { name, namespace: ns }, spec: { profile: 'minimal' } };
  await clients.rest({ method: 'POST', path: buildIstioOperatorPath({ namespace: ns, name }).replace(/\/[^/]+$/, ''), body });
  const iop = await getIstioOperator(clients, ns, name);
  if (!iop) throw new Error('IstioOperator vanished');
  return iop;
}

const statusOf = (o: KubeObject | undefined): JsonObject => (o && isJsonObject(o.status) ? o.status : {});

describe('IstioOperator status, finalizers and events against a real API server', () => {
  it('returns undefined for a missing IstioOperator', async () => {
    expect(await getIstioOperator(clients, ns, 'absent')).toBeUndefined();
  });

  it('patches only the status subresource, dropping fields it no longer sets', async () => {
    const iop = await createIop('main');
    const first: IstioOperatorStatus = {
      status: 'RECONCILING',
      message: 'Applying',
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'False', reason: 'Progressing', message: 'Applying', lastTransitionTime: '2025-01-01T00:00:00Z', observedGeneration: 1 }],
    };
    const count = newRequestCount();
    const patched = await patchIstioOperatorStatus(clients, { namespace: ns, name: 'main' }, first, count);
    expect(count).toEqual({ reads: 0, writes: 1 });
    expect(statusOf(patched)).toMatchObject({ status: 'RECONCILING', message: 'Applying' });
    expect(patched.spec).toEqual(iop.spec);
    expect(patched.metadata.generation).toBe(iop.metadata.generation);

    const second: IstioOperatorStatus = { status: 'HEALTHY', observedGeneration: 1, conditions: [] };
    await patchIstioOperatorStatus(clients, { namespace: ns, name: 'main' }, second);
    const live = await getIstioOperator(clients, ns, 'main');
    expect(statusOf(live).status).toBe('HEALTHY');
    expect(statusOf(live).message).toBeUndefined();
    expect(live?.spec).toEqual(iop.spec);
    const ours = (live?.metadata.managedFields as JsonObject[]).filter((e) => e.manager === FIELD_MANAGER);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ operation: 'Apply', subresource: 'status' });
    expect(Object.keys(ours[0]?.fieldsV1 as JsonObject)).toEqual(['f:status']);
  });

  it('adds and removes the finalizer, guarded by resourceVersion', async () => {
    const fresh = await getIstioOperator(clients, ns, 'main');
    if (!fresh) throw new Error('missing');
    const added = await addFinalizer(clients, fresh);
    expect(added.metadata.finalizers).toContain(FINALIZER);

    const count = newRequestCount();
    expect(await addFinalizer(clients, added, FINALIZER, count)).toBe(added);
    expect(count.writes).toBe(0);

    // Someone else writes in between: our stale copy must not overwrite their change.
    await patchIstioOperatorStatus(clients, { namespace: ns, name: 'main' }, { status: 'HEALTHY', message: 'changed' });
    const stale = await removeFinalizer(clients, added).then(() => undefined, (err: unknown) => err);
    expect(isConflict(stale)).toBe(true);

    const current = await getIstioOperator(clients, ns, 'main');
    if (!current) throw new Error('missing');
    const removed = await removeFinalizer(clients, current);
    expect(removed.metadata.finalizers ?? []).not.toContain(FINALIZER);
  });

  it('records events.k8s.io Events and reports failures instead of throwing', async () => {
    const iop = await getIstioOperator(clients, ns, 'main');
    if (!iop) throw new Error('missing');
    expect(await recordEvent(clients, iop, 'Normal', 'Installed', 'Applied 3 objects')).toEqual({ ok: true });
    const { items } = await listObjects(clients, { apiVersion: 'events.k8s.io/v1', kind: 'Event' }, { namespace: ns });
    const ev = items.find((e) => e.reason === 'Installed');
    expect(ev).toMatchObject({ type: 'Normal', note: 'Applied 3 objects', reportingController: FIELD_MANAGER, regarding: { kind: IOP_KIND, name: 'main', uid: iop.metadata.uid } });

    const elsewhere: IstioOperatorObject = { ...iop, metadata: { ...iop.metadata, namespace: 'kube-int-no-such-namespace' } };
    const failed = await recordEvent(clients, elsewhere, 'Warning', 'Failed', 'x');
    expect(failed.ok).toBe(false);
  });
});
