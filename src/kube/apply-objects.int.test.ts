import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig, buildUniqueName } from '../../e2e/cluster/test-kube.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { applyObjects } from './apply-objects.js';
import { ensureNamespace } from './ensure-namespace.js';
import { buildKubeClients, type KubeClients } from './kube-client.js';
import { getLiveObjects } from './live-objects.js';
import { applyObject, deleteObject, getObject } from './object-io.js';
import { findOwnership } from '../reconcile/ownership-conflicts.js';

const kc = loadTestKubeConfig();
const clients: KubeClients = buildKubeClients(kc);
const opts = { fieldManager: FIELD_MANAGER } as const;
let ns = '';
const cleanup: KubeObject[] = [];

beforeAll(async () => {
  ns = await createTestNamespace(kc, 'kube-apply');
});
afterAll(async () => {
  for (const o of cleanup) await deleteObject(clients, { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name }).catch(() => false);
  await deleteTestNamespace(kc, ns);
});

const ownLabels = { [LabelKeys.owningResource]: 'main', [LabelKeys.owningResourceNamespace]: 'istio-system' };

function deployment(labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: ns, labels },
    spec: {
      selector: { matchLabels: { app: 'istiod' } },
      template: {
        metadata: { labels: { app: 'istiod' } },
        spec: {
          containers: [
            { name: 'discovery', image: 'docker.io/istio/pilot:1.27.9', ports: [{ containerPort: 15010 }], resources: { requests: { cpu: '500m', memory: '2048Mi' } } },
          ],
        },
      },
    },
  };
}

function webhook(name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name, labels },
    webhooks: [
      {
        name: 'sidecar-injector.istio.io',
        clientConfig: { service: { name: 'istiod', namespace: ns, path: '/inject', port: 443 } },
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
        // Matches nothing: this webhook must never be called.
        namespaceSelector: { matchLabels: { 'kube-int-test/never': 'true' } },
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
      },
    ],
  };
}

const spec = (o: KubeObject | undefined): JsonObject => (o && isJsonObject(o.spec) ? o.spec : {});

describe('applyObjects against a real API server', () => {
  it('creates with our field manager, then a no-op apply sends no write at all', async () => {
    const objs = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: ns, labels: ownLabels }, data: { mesh: 'a: 1\n' } }, deployment(ownLabels)];
    const first = await applyObjects(clients, objs, opts);
    expect(first.entries.map((e) => e.action)).toEqual(['created', 'created']);
    expect(first.requests.writes).toBe(2);

    const live = await getObject(clients, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod' });
    const entries = live?.metadata.managedFields as JsonObject[];
    const ours = entries.find((e) => e.manager === FIELD_MANAGER);
    expect(ours).toMatchObject({ operation: 'Apply' });
    expect(JSON.stringify(ours?.fieldsV1)).toContain('"f:labels":{"f:install.operator.istio.io/owning-resource"');

    const again = await applyObjects(clients, objs, opts);
    expect(again.entries.map((e) => e.action)).toEqual(['unchanged', 'unchanged']);
    expect(again.requests).toEqual({ reads: 2, writes: 0 });
  });

  it('keeps fields owned by other managers (HPA replicas, istiod caBundle) across re-applies', async () => {
    const whName = buildUniqueName('kube-int-injector');
    const wh = webhook(whName, ownLabels);
    cleanup.push(wh);
    await applyObjects(clients, [deployment(ownLabels), wh], opts);

    // An HPA-like controller takes over replicas; istiod injects its CA bundle.
    await applyObject(clients, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: ns }, spec: { replicas: 3 } }, { fieldManager: 'hpa-controller' });
    const path = `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/${whName}`;
    await clients.rest({ method: 'PATCH', path, query: { fieldManager: 'istiod' }, contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: 'Y2EtYnVuZGxl' }] });

    const noop = await applyObjects(clients, [deployment(ownLabels), wh], opts);
    expect(noop.requests.writes).toBe(0);

    const relabelled = { ...ownLabels, [LabelKeys.revision]: 'default' };
    const changed = await applyObjects(clients, [deployment(relabelled), webhook(whName, relabelled)], opts);
    expect(changed.entries.map((e) => e.action)).toEqual(['configured', 'configured']);

    const dep = await getObject(clients, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod' });
    expect(spec(dep).replicas).toBe(3);
    expect(dep?.metadata.labels?.[LabelKeys.revision]).toBe('default');
    const hook = await getObject(clients, { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: whName });
    expect(JSON.stringify(hook?.webhooks)).toContain('"caBundle":"Y2EtYnVuZGxl"');
    const managers = (hook?.metadata.managedFields as JsonObject[]).map((e) => e.manager).sort();
    expect(managers).toEqual([FIELD_MANAGER, 'istiod'].sort());
  });

  it('leaves istiod the validator caBundle and failurePolicy: no write, no drift, not taken back', async () => {
    const name = buildUniqueName('kube-int-validator');
    const injector = webhook(name, ownLabels);
    const validator: KubeObject = { ...injector, kind: 'ValidatingWebhookConfiguration', webhooks: (injector.webhooks as JsonObject[]).map(({ reinvocationPolicy: _r, ...h }) => ({ ...h, name: 'rev.validation.istio.io' })) };
    cleanup.push(validator);
    expect((await applyObjects(clients, [validator], opts)).entries[0]?.action).toBe('created');

    // istiod's validation controller: an Update (not an apply) once its webhook answers.
    const path = `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${name}`;
    const patch = [
      { op: 'replace', path: '/webhooks/0/failurePolicy', value: 'Fail' },
      { op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: 'Y2EtYnVuZGxl' },
    ];
    await clients.rest({ method: 'PATCH', path, query: { fieldManager: 'pilot-discovery' }, contentType: 'application/json-patch+json', body: patch });
    const before = await getObject(clients, { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name });

    for (let i = 0; i < 3; i++) {
      const again = await applyObjects(clients, [validator], opts);
      expect(again.entries[0]?.action).toBe('unchanged');
      expect(again.requests.writes).toBe(0);
    }
    // A real change elsewhere is applied, and still leaves istiod's fields alone.
    const relabelled = { ...validator, metadata: { ...validator.metadata, labels: { ...ownLabels, [LabelKeys.revision]: 'default' } } };
    expect((await applyObjects(clients, [relabelled], opts)).entries[0]?.action).toBe('configured');
    const after = await getObject(clients, { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name });
    const hook = (after?.webhooks as JsonObject[])[0];
    expect(hook?.failurePolicy).toBe('Fail');
    expect(JSON.stringify(hook?.clientConfig)).toContain('"caBundle":"Y2EtYnVuZGxl"');
    expect(before?.metadata.resourceVersion).not.toBe(after?.metadata.resourceVersion);
  });

  it('waits for a CRD it just applied before applying objects of that kind', async () => {
    const group = `${buildUniqueName('t')}.kube-int.example.io`;
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}`, labels: ownLabels },
      spec: {
        group,
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    };
    cleanup.push(crd);
    const widget: KubeObject = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: ns, labels: ownLabels }, spec: { size: 2 } };
    const cs = await applyObjects(clients, [crd, widget], opts);
    expect(cs.entries.map((e) => e.action)).toEqual(['created', 'created']);
    expect(spec(await getObject(clients, { apiVersion: `${group}/v1`, kind: 'Widget', namespace: ns, name: 'w' })).size).toBe(2);
  });

  it('shares one read between the ownership check and the no-op check', async () => {
    const mine = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'mine', namespace: ns, labels: ownLabels } };
    const theirs = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'theirs', namespace: ns, labels: { ...ownLabels, [LabelKeys.owningResource]: 'other' } } };
    await applyObjects(clients, [mine, theirs], opts);
    const desired = [mine, { ...theirs, metadata: { ...theirs.metadata, labels: ownLabels } }];
    const count = { reads: 0, writes: 0 };
    const live = await getLiveObjects(clients, desired, count);
    expect(findOwnership(desired, live, { name: 'main', namespace: 'istio-system' }).conflicts.map((c) => c.ref.name)).toEqual(['theirs']);
    const cs = await applyObjects(clients, [mine], { ...opts, live });
    expect(count.reads + cs.requests.reads).toBe(2);
    expect(cs.requests.writes).toBe(0);
  });

  it('creates a missing namespace marked as ours and leaves an existing one alone', async () => {
    const name = buildUniqueName('kube-int-ns');
    try {
      const created = await ensureNamespace(clients, name, { 'istio-injection': 'disabled' });
      expect(created.created).toBe(true);
      const live = await getObject(clients, { apiVersion: 'v1', kind: 'Namespace', name });
      expect(live?.metadata.labels).toMatchObject({ [LabelKeys.createdNamespace]: 'true', 'istio-injection': 'disabled' });
      const existing = await ensureNamespace(clients, ns);
      expect(existing).toEqual({ created: false, requests: { reads: 1, writes: 0 } });
    } finally {
      await deleteTestNamespace(kc, name);
    }
  });
});
