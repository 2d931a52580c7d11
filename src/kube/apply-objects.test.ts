import { describe, expect, it } from 'vitest';
import { FIELD_MANAGER } from '../api/labels.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { applyObjects, computeApplyAction } from './apply-objects.js';
import type { KubeClients } from './kube-client.js';
import { KubeApiError } from './kube-errors.js';
import type { RestRequest } from './kube-rest.js';

const M = FIELD_MANAGER;

function buildFields(v: JsonObject): JsonObject {
  const entries = Object.entries(v).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'name' && k !== 'namespace');
  return Object.fromEntries(entries.map(([k, x]) => [`f:${k}`, isJsonObject(x) ? buildFields(x) : {}]));
}

/** An in-memory API server that understands just enough SSA for applyObjects. */
function fakeClients(opts: { establishAfterPolls?: number } = {}): { clients: KubeClients; log: string[]; store: Map<string, JsonObject> } {
  const store = new Map<string, JsonObject>();
  const log: string[] = [];
  let rv = 0;
  let polls = 0;
  const rest = async (req: RestRequest, count?: { reads: number; writes: number }): Promise<JsonValue> => {
    if (count) count[req.method === 'GET' ? 'reads' : 'writes'] += 1;
    log.push(`${req.method} ${req.path}`);
    const stored = store.get(req.path);
    if (req.method === 'GET') {
      if (!stored) throw new KubeApiError(404, 'NotFound', 'not found', req.method, req.path);
      if (stored.kind === 'CustomResourceDefinition' && ++polls > (opts.establishAfterPolls ?? 0)) {
        stored.status = { conditions: [{ type: 'Established', status: 'True' }] };
      }
      return stored;
    }
    const body = req.body as JsonObject;
    const { metadata, ...rest } = body as JsonObject & { metadata: JsonObject };
    const same = stored && JSON.stringify({ ...stored, metadata: undefined, status: undefined }) === JSON.stringify({ ...rest, metadata: undefined });
    const next: JsonObject = {
      ...rest,
      metadata: { ...metadata, resourceVersion: same ? (stored.metadata as JsonObject).resourceVersion ?? '' : String(++rv), managedFields: [{ manager: M, operation: 'Apply', fieldsV1: buildFields(body) }] },
    };
    store.set(req.path, next);
    return next;
  };
  const resources = {
    resolve: async (_apiVersion: string, kind: string) => ({ plural: `${kind.toLowerCase()}s`, namespaced: !['Namespace', 'CustomResourceDefinition'].includes(kind) }),
  };
  return { clients: { rest, resources } as unknown as KubeClients, log, store };
}

const cm = (data: JsonObject): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data });

describe('applyObjects', () => {
  it('reports created, unchanged (without writing) and configured', async () => {
    const { clients } = fakeClients();
    const first = await applyObjects(clients, [cm({ a: '1' })], { fieldManager: M });
    expect(first.entries.map((e) => e.action)).toEqual(['created']);
    expect(first.requests).toEqual({ reads: 1, writes: 1 });

    const again = await applyObjects(clients, [cm({ a: '1' })], { fieldManager: M });
    expect(again.entries.map((e) => e.action)).toEqual(['unchanged']);
    expect(again.requests).toEqual({ reads: 1, writes: 0 });

    const changed = await applyObjects(clients, [cm({ a: '2' })], { fieldManager: M });
    expect(changed.entries.map((e) => e.action)).toEqual(['configured']);
    expect(changed.requests).toEqual({ reads: 1, writes: 1 });
  });

  it('reuses live objects read earlier and reports each entry as it goes', async () => {
    const { clients } = fakeClients();
    const seen: string[] = [];
    const cs = await applyObjects(clients, [cm({ a: '1' })], { fieldManager: M, live: new Map([['ConfigMap n/c', undefined]]), onApplied: (e) => seen.push(e.action) });
    expect(cs.requests).toEqual({ reads: 0, writes: 1 });
    expect(seen).toEqual(['created']);
  });

  it('waits for a CRD applied in the same pass before applying objects of its kind', async () => {
    const { clients, log } = fakeClients({ establishAfterPolls: 2 });
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.io' },
      spec: { group: 'example.io', names: { kind: 'Widget' } },
    };
    const widget: KubeObject = { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n' } };
    const cs = await applyObjects(clients, [crd, widget], { fieldManager: M, crdWait: { pollMs: 1, sleep: async () => undefined } });
    expect(cs.entries.map((e) => e.action)).toEqual(['created', 'created']);
    const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io';
    const widgetApply = log.indexOf('PATCH /apis/example.io/v1/namespaces/n/widgets/w');
    expect(log.slice(0, widgetApply).filter((l) => l === `GET ${crdPath}`).length).toBeGreaterThanOrEqual(3);
  });

  it('gives up waiting for a CRD after the bound', async () => {
    const { clients } = fakeClients({ establishAfterPolls: 1000 });
    const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x.example.io' }, spec: { group: 'example.io', names: { kind: 'X' } } };
    const x: KubeObject = { apiVersion: 'example.io/v1', kind: 'X', metadata: { name: 'x', namespace: 'n' } };
    await expect(applyObjects(clients, [crd, x], { fieldManager: M, crdWait: { timeoutMs: 5, pollMs: 1, sleep: async () => undefined } })).rejects.toThrow(/not Established within 5 ms/);
  });
});

describe('computeApplyAction', () => {
  const base = (rv: string, extra: JsonObject = {}): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'n', resourceVersion: rv, managedFields: [{ manager: M, operation: 'Apply', time: `t${rv}`, fieldsV1: {} }] },
    spec: { replicas: 1 },
    ...extra,
  });
  it.each<[string, KubeObject | undefined, KubeObject, string]>([
    ['absent before', undefined, base('2'), 'created'],
    ['same resourceVersion', base('1'), base('1'), 'unchanged'],
    ['only status and timestamps moved (a controller wrote status meanwhile)', base('1', { status: { a: 1 } }), base('2', { status: { a: 2 } }), 'unchanged'],
    ['spec changed', base('1'), base('2', { spec: { replicas: 2 } }), 'configured'],
  ])('%s -> %s', (_name, live, applied, action) => {
    expect(computeApplyAction(live, applied)).toBe(action);
  });
});
