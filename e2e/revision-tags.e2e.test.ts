import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JsonObject } from '../src/api/json.js';
import type { KubeObject } from '../src/api/kube-object.js';
import { LabelKeys } from '../src/api/labels.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { resolveRepoRoot } from './cluster/paths.js';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { startOperator, type OperatorProcess } from './support/operator-process.js';
import { removeIstioOperator } from './support/remove-istio-operator.js';

const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const MWC = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' } as const;
let operator: OperatorProcess;
let ns = '';

/** A minimal installation of its own revision, carrying the given revision tags. */
const istioOperator = (name: string, tags: string[]): KubeObject => ({
  apiVersion: 'install.istio.io/v1alpha1',
  kind: 'IstioOperator',
  metadata: { name, namespace: ns },
  spec: { profile: 'minimal', revision: name, values: { revisionTags: tags, global: { istioNamespace: ns } } },
});

const readyOn = (name: string) =>
  waitFor(`${name} Ready`, async () => {
    const iop = await cluster.getIstioOperator(ns, name);
    return conditionOf(iop, 'Ready')?.status === 'True' && iop?.status?.observedGeneration === iop?.metadata.generation ? iop : undefined;
  }, 120_000);

const defaultTag = () => cluster.get({ ...MWC, name: `istio-revision-tag-default-${ns}` });
const ownerOf = (o: KubeObject | undefined) => o?.metadata.labels?.[LabelKeys.owningResource];
/** The istiod Service the webhook that takes `istio-injection=enabled` namespaces calls. */
const legacyTarget = (o: KubeObject | undefined): string | undefined => {
  const hooks = (Array.isArray(o?.webhooks) ? o.webhooks : []) as JsonObject[];
  const hook = hooks.find((h) => h.name === 'namespace.sidecar-injector.istio.io');
  return (((hook?.clientConfig ?? {}) as JsonObject).service as JsonObject | undefined)?.name as string | undefined;
};

beforeAll(async () => {
  const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  operator = await startOperator(inject('kubeconfig'));
  ns = await createTestNamespace(kc, 'e2e-tags');
});

afterAll(async () => {
  if (ns) for (const name of ['old', 'new']) await removeIstioOperator(cluster, ns, name, 60_000).catch(() => undefined);
  if (ns) await deleteTestNamespace(kc, ns);
  const code = await operator?.stop();
  expect(code, operator?.logs().slice(-3000)).toBe(0);
});

describe('moving the default revision tag between two IstioOperators', () => {
  it('the new revision takes the tag\'s objects over in place once the old one lets go: same uid, never absent', async () => {
    await cluster.apply(istioOperator('old', ['default']));
    await cluster.apply(istioOperator('new', []));
    await Promise.all([readyOn('old'), readyOn('new')]);
    const before = await defaultTag();
    expect(ownerOf(before)).toBe('old');
    expect(legacyTarget(before)).toBe('istiod-old');

    // The new revision asks for the tag first: the old one still lists it, so it waits and says why.
    await cluster.apply(istioOperator('new', ['default']));
    const waiting = await waitFor('new to report the tag held by old', async () => {
      const c = conditionOf(await cluster.getIstioOperator(ns, 'new'), 'Ready');
      return c?.status === 'False' && c.reason === 'Conflict' ? c : undefined;
    }, 60_000);
    expect(waiting.message).toMatch(/revision tag default.*old.*values\.revisionTags/);
    expect(ownerOf(await defaultTag())).toBe('old');

    // The old one lets go: the tag's configuration changes hands without ever being deleted.
    let absent = 0;
    let polling = true;
    const watch = (async () => {
      while (polling) {
        if (!(await defaultTag())) absent++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    await cluster.apply(istioOperator('old', []));
    const after = await waitFor('new to hold the default tag', async () => {
      const o = await defaultTag();
      return ownerOf(o) === 'new' ? o : undefined;
    }, 120_000);
    const moved = Date.now() - started;
    await Promise.all([readyOn('old'), readyOn('new')]);
    polling = false;
    await watch;
    console.info(`revision tag default moved from old to new in ${moved} ms; uid kept: ${String(after.metadata.uid === before?.metadata.uid)}; absent in ${absent} polls`);
    expect(after.metadata.uid).toBe(before?.metadata.uid);
    expect(absent).toBe(0);
    expect(legacyTarget(after)).toBe('istiod-new');
    const service = await cluster.get({ apiVersion: 'v1', kind: 'Service', namespace: ns, name: 'istiod-revision-tag-default' });
    expect(ownerOf(service)).toBe('new');
    expect((service?.spec as JsonObject | undefined)?.selector).toEqual({ app: 'istiod', 'istio.io/rev': 'new' });
  });
});
