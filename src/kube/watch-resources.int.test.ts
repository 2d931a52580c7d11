import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import { isJsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { buildKubeClients } from './kube-client.js';
import { applyObject, deleteObject } from './object-io.js';
import { watchResources } from './watch-resources.js';

const kc = loadTestKubeConfig();
const clients = buildKubeClients(kc);
let ns = '';

beforeAll(async () => {
  ns = await createTestNamespace(kc, 'kube-watch');
});
afterAll(async () => {
  await deleteTestNamespace(kc, ns);
});

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cm = (name: string, value: string, labelled = true): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels: labelled ? { 'kube-int-watch': 'yes' } : {} },
  data: { value },
});

describe('watchResources against a real API server', () => {
  it('sees create, update and delete, and keeps watching after the server closes the watch', async () => {
    const seen: { name: string; value: string; deleting: boolean }[] = [];
    const errors: unknown[] = [];
    const watch = watchResources({
      clients,
      path: `/api/v1/namespaces/${ns}/configmaps`,
      labelSelector: 'kube-int-watch=yes',
      watchTimeoutSeconds: 1,
      backoff: { initialMs: 50, maxMs: 200 },
      onEvent: (o) => seen.push({ name: o.metadata.name, value: isJsonObject(o.data) ? String(o.data.value) : '', deleting: false }),
      onError: (e) => errors.push(e),
    });
    const has = (name: string, value: string): boolean => seen.some((s) => s.name === name && s.value === value);
    try {
      await applyObject(clients, cm('before-watch', '0'), { fieldManager: FIELD_MANAGER });
      await waitFor('the initial list', () => has('before-watch', '0'));

      await applyObject(clients, cm('a', '1'), { fieldManager: FIELD_MANAGER });
      await waitFor('create', () => has('a', '1'));
      await applyObject(clients, cm('a', '2'), { fieldManager: FIELD_MANAGER });
      await waitFor('update', () => has('a', '2'));
      const before = seen.length;
      await deleteObject(clients, { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'a' });
      await waitFor('delete', () => seen.slice(before).some((s) => s.name === 'a'));

      // The server ends each watch after 1 s; events after that must still arrive.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await applyObject(clients, cm('after-close', '3'), { fieldManager: FIELD_MANAGER });
      await waitFor('an event after the watch was closed', () => has('after-close', '3'));

      // Unlabelled objects are outside the selector.
      await applyObject(clients, cm('unlabelled', '4', false), { fieldManager: FIELD_MANAGER });
      await applyObject(clients, cm('marker', '5'), { fieldManager: FIELD_MANAGER });
      await waitFor('marker', () => has('marker', '5'));
      expect(seen.some((s) => s.name === 'unlabelled')).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      watch.stop();
    }
    const stoppedAt = seen.length;
    await applyObject(clients, cm('after-stop', '6'), { fieldManager: FIELD_MANAGER });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(seen.length).toBe(stoppedAt);
  });
});
