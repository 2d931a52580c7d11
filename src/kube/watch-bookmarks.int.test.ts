import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveClusterPaths } from '../../e2e/cluster/paths.js';
import { readClusterRecord } from '../../e2e/cluster/state.js';
import { createTestNamespace, deleteTestNamespace, isLocalControlPlane, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { buildKubeClients, type KubeClients } from './kube-client.js';
import { applyObject } from './object-io.js';
import { watchResources } from './watch-resources.js';

const kc = loadTestKubeConfig();
const base = buildKubeClients(kc);
let ns = '';

beforeAll(async () => {
  ns = await createTestNamespace(kc, 'kube-bookmark');
});
afterAll(async () => {
  await deleteTestNamespace(kc, ns);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}
const cm = (name: string, labelled: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels: labelled ? { 'kube-int-bookmark': 'yes' } : {} },
  data: { at: String(Date.now()) },
});

/** The clients, recording every list and the resourceVersion each watch starts from. */
function recording(): { clients: KubeClients; lists: number; watchVersions: string[] } {
  const rec = { clients: base, lists: 0, watchVersions: [] as string[] };
  const watch: KubeClients['watch'] = {
    watch: (path, query, onEvent, done) => {
      rec.watchVersions.push(String(query.resourceVersion));
      return base.watch.watch(path, query, onEvent, done);
    },
  };
  rec.clients = { ...base, watch, rest: (req, count) => ((rec.lists += req.method === 'GET' ? 1 : 0), base.rest(req, count)) };
  return rec;
}

/** etcd's v3 JSON gateway: the current revision, then a physical compaction up to it. */
async function compactEtcd(): Promise<number> {
  const record = await readClusterRecord(resolveClusterPaths({ ...process.env, E2E_CLUSTER_DIR: inject('clusterDir') }));
  if (!record) throw new Error('no local control plane record');
  const url = `http://127.0.0.1:${record.ports.etcdClient}`;
  const range = (await (await fetch(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('/').toString('base64') }) })).json()) as { header: { revision: string } };
  const revision = Number(range.header.revision);
  const res = await fetch(`${url}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision, physical: true }) });
  if (!res.ok) throw new Error(`compaction failed: ${res.status} ${await res.text()}`);
  return revision;
}

describe('watch bookmarks and compaction against a real API server', () => {
  it('an idle watch moves its resourceVersion forward with BOOKMARKs, and survives an etcd compaction', async () => {
    expect(isLocalControlPlane()).toBe(true);
    const rec = recording();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const watch = watchResources({
      clients: rec.clients,
      path: `/api/v1/namespaces/${ns}/configmaps`,
      labelSelector: 'kube-int-bookmark=yes',
      // The apiserver sends a bookmark about 2 s before a watch times out (and once a minute).
      watchTimeoutSeconds: 5,
      backoff: { initialMs: 100, maxMs: 1_000 },
      onEvent: (o) => seen.push(o.metadata.name),
      onError: (e) => errors.push(e),
    });
    try {
      await waitFor('the first watch', () => rec.watchVersions.length > 0, 10_000);
      const listed = Number(rec.watchVersions[0]);
      // Writes outside the selector advance the store's revision; our selector sees no event at all.
      for (let i = 0; i < 5; i++) await applyObject(base, cm(`noise-${i}`, false), { fieldManager: FIELD_MANAGER });
      await waitFor('a watch resumed from a bookmark past the noise', () => rec.watchVersions.some((v) => Number(v) > listed), 25_000);
      expect(seen).toEqual([]);
      expect(rec.lists).toBe(1);

      await compactEtcd();
      const t0 = Date.now();
      await applyObject(base, cm('after-compaction', true), { fieldManager: FIELD_MANAGER });
      await waitFor('an event after the compaction', () => seen.includes('after-compaction'), 10_000);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(errors).toEqual([]);
    } finally {
      watch.stop();
    }
  });
});
