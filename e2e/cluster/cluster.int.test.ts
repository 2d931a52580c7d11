// Proof that the control plane behaves like a cluster: CRDs, Deployments through kwok, GC, SSA, loopback only.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiextensionsV1Api, AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, VersionApi,
  type KubeConfig, type KubernetesObject, type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NETWORK } from './component-args.js';
import { NODE_NAME } from './node.js';
import { isLoopback, listProcessTcpSockets } from './sockets.js';
import {
  buildUniqueName, createTestNamespace, deleteTestNamespace, isLocalControlPlane, loadTestKubeConfig,
} from './test-kube.js';

async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await sleep(200);
  }
  throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

const notFound = (error: unknown): boolean => (error as { code?: number }).code === 404;

describe('local control plane', () => {
  let kc: KubeConfig;
  let ns: string;

  beforeAll(async () => {
    kc = loadTestKubeConfig();
    ns = await createTestNamespace(kc, 'cluster-proof');
  });
  afterAll(async () => { await deleteTestNamespace(kc, ns); });

  it('reports the version it was built as', async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    if (isLocalControlPlane()) expect(version.gitVersion).toBe('v1.34.10');
    else expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('serves a CRD once it is Established', async () => {
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    const group = `${buildUniqueName('t')}.e2e.istio-operator.test`;
    const name = `widgets.${group}`;
    await ext.createCustomResourceDefinition({ body: {
      metadata: { name },
      spec: {
        group, scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: {
          type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
        } } }],
      },
    } });
    try {
      await waitFor('CRD Established', () => ext.readCustomResourceDefinition({ name }),
        (crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false);
      const objects = KubernetesObjectApi.makeApiClient(kc);
      const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: ns }, spec: { size: 3 } };
      const created = await waitFor('Widget created', () => objects.create(widget).catch(() => null), (w) => w !== null);
      expect((created as KubernetesObject & { spec: { size: number } }).spec.size).toBe(3);
    } finally {
      await ext.deleteCustomResourceDefinition({ name });
    }
  });

  it('makes a Deployment Available through the scheduler and kwok', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const labels = { app: 'proof' };
    await apps.createNamespacedDeployment({ namespace: ns, body: {
      metadata: { name: 'proof' },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {
        containers: [{ name: 'app', image: 'registry.invalid/never-pulled:1', resources: { requests: { cpu: '100m' } } }],
      } } },
    } });
    const deployment = await waitFor('Deployment Available', () => apps.readNamespacedDeployment({ name: 'proof', namespace: ns }),
      (d) => d.status?.readyReplicas === 2
        && (d.status.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false));
    expect(deployment.status?.availableReplicas).toBe(2);
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: ns, labelSelector: 'app=proof' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toBe(NODE_NAME);
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      if (isLocalControlPlane()) expect(pod.status?.podIP).toMatch(/^10\.244\./);
    }
  });

  it('garbage-collects a ConfigMap whose owner was deleted', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const owner = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'owner' } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'dependent', ownerReferences: [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid ?? '' },
    ] } } });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: ns });
    const gone = await waitFor('dependent deleted', () => core.readNamespacedConfigMap({ name: 'dependent', namespace: ns })
      .then(() => false, (error: unknown) => notFound(error)), (isGone) => isGone);
    expect(gone).toBe(true);
  });

  it('records managedFields for server-side apply field managers', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const apply = (data: Record<string, string>, manager: string): Promise<V1ConfigMap> => objects.patch<V1ConfigMap>(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: ns }, data },
      undefined, undefined, manager, true, PatchStrategy.ServerSideApply);
    await apply({ ours: 'a' }, 'e2e-test');
    const applied = await apply({ theirs: 'b' }, 'other-manager');
    expect(applied.data).toEqual({ ours: 'a', theirs: 'b' });
    const managers = applied.metadata?.managedFields?.map((f) => [f.manager, f.operation]);
    expect(managers).toEqual(expect.arrayContaining([['e2e-test', 'Apply'], ['other-manager', 'Apply']]));
    const ours = applied.metadata?.managedFields?.find((f) => f.manager === 'e2e-test');
    expect(ours?.fieldsV1).toEqual({ 'f:data': { 'f:ours': {} } });
  });

  it.runIf(inject('clusterDir') !== '')('keeps every control-plane socket on loopback', async () => {
    const pidDir = join(inject('clusterDir'), 'pids');
    const files = await readdir(pidDir);
    expect(files).toHaveLength(5);
    for (const file of files) {
      const pid = Number((await readFile(join(pidDir, file), 'utf8')).trim());
      const sockets = await listProcessTcpSockets(pid);
      for (const s of sockets) {
        const address = s.state === 'LISTEN' ? s.local : s.remote;
        expect(isLoopback(address), `${file}: ${s.state} ${s.local} -> ${s.remote}`).toBe(true);
      }
    }
    expect(NETWORK.serviceCidr).toBe('10.96.0.0/16');
  });
});
