import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { applyObjects } from './apply-objects.js';
import { createClusterPort } from './cluster-port.js';
import { buildKubeClients } from './kube-client.js';
import { discoverNamespacedResources, listNamespaceContent } from './namespace-content.js';

const kc = loadTestKubeConfig();
const clients = buildKubeClients(kc);
let empty = '';
let withStatefulSet = '';
let withClaim = '';

beforeAll(async () => {
  [empty, withStatefulSet, withClaim] = await Promise.all([createTestNamespace(kc, 'ns-empty'), createTestNamespace(kc, 'ns-sts'), createTestNamespace(kc, 'ns-pvc')]);
});
afterAll(async () => {
  for (const n of [empty, withStatefulSet, withClaim]) if (n) await deleteTestNamespace(kc, n);
});

const apply = (objects: KubeObject[]) => applyObjects(clients, objects, { fieldManager: FIELD_MANAGER, live: new Map() });

describe('namespace content from discovery, against a real API server', () => {
  it('covers kinds beyond a fixed list: StatefulSets, PVCs, leases, every listable namespaced resource', async () => {
    const kinds = new Set((await discoverNamespacedResources(clients)).map((r) => r.kind));
    for (const k of ['StatefulSet', 'PersistentVolumeClaim', 'Lease', 'Role', 'NetworkPolicy', 'CronJob', 'Pod', 'ConfigMap']) expect(kinds).toContain(k);
    expect(kinds).not.toContain('Event');
  });

  it('finds nothing in a namespace holding only what Kubernetes puts there', async () => {
    expect(await listNamespaceContent(clients, empty)).toEqual([]);
  });

  it("sees a user's StatefulSet and a user's PersistentVolumeClaim", async () => {
    await apply([{
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: withStatefulSet },
      spec: { serviceName: 'db', replicas: 0, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } } },
    }]);
    await apply([{
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: withClaim },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }]);
    expect(await listNamespaceContent(clients, withStatefulSet)).toContain('StatefulSet/db');
    expect(await listNamespaceContent(clients, withClaim)).toContain('PersistentVolumeClaim/data');
    // What the finalizer asks before deleting a namespace it created.
    const quiet = { child: () => quiet, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
    const port = createClusterPort(clients, quiet);
    expect(await port.isNamespaceEmpty(withStatefulSet)).toBe(false);
    expect(await port.isNamespaceEmpty(withClaim)).toBe(false);
    expect(await port.isNamespaceEmpty(empty)).toBe(true);
  });

  it("sees a user's Secret from its metadata alone: the Secret's data never reaches the operator", async () => {
    await apply([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: withClaim }, stringData: { password: 'hunter2' } }]);
    const answers: string[] = [];
    const spy = { ...clients, rest: async (req: Parameters<typeof clients.rest>[0]) => {
      const answer = await clients.rest(req);
      if (req.path.endsWith('/secrets')) answers.push(JSON.stringify(answer));
      return answer;
    } };
    expect(await listNamespaceContent(spy, withClaim)).toContain('Secret/token');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('PartialObjectMetadataList');
    expect(answers[0]).not.toContain('hunter2');
    expect(answers[0]).not.toContain(Buffer.from('hunter2').toString('base64'));
  });
});
