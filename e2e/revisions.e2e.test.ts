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
let appNs = '';

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
  const annotated = async (name: string) => cluster.apply({ ...istioOperator(name, []), metadata: { name, namespace: ns, annotations: { 'install.operator.istio.io/force-removal': 'true' } } }).catch(() => undefined);
  if (ns) for (const name of ['old', 'new']) await annotated(name).then(() => removeIstioOperator(cluster, ns, name, 60_000)).catch(() => undefined);
  if (appNs) await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: appNs }).catch(() => undefined);
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

describe('removing a revision that workloads still use', () => {
  const deployment = (rev: string) => cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: `istiod-${rev}` });
  const reconcilingMessage = async (name: string) => conditionOf(await cluster.getIstioOperator(ns, name), 'Reconciling')?.message;

  it('waits, naming the pods and namespaces on the revision, and proceeds once they have moved', async () => {
    appNs = `${ns}-app`;
    await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: appNs, labels: { [LabelKeys.revision]: 'old' } } });
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: appNs, labels: { [LabelKeys.revision]: 'old', app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'example.com/web:1' }] },
    };
    await cluster.apply(pod);
    await cluster.delete({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', namespace: ns, name: 'old' });
    const waiting = await waitFor('old to wait for its workloads', async () => {
      const m = await reconcilingMessage('old');
      return m?.startsWith('Waiting: ') ? m : undefined;
    }, 60_000);
    expect(waiting).toContain(`pod ${appNs}/web`);
    expect(waiting).toContain(`namespace ${appNs}`);
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await deployment('old'), 'istiod of the revision in use stays').toBeDefined();
    expect((await cluster.events(ns, 'old')).filter((e) => e.startsWith('RevisionInUse'))).toHaveLength(1);

    // The workloads move to the other revision: the deletion goes ahead by itself.
    await cluster.delete({ apiVersion: 'v1', kind: 'Pod', namespace: appNs, name: 'web' });
    await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: appNs, labels: { [LabelKeys.revision]: 'new' } } });
    let last: string | undefined;
    await waitFor('old to be finalized', async () => {
      const iop = await cluster.getIstioOperator(ns, 'old');
      last = conditionOf(iop, 'Reconciling')?.message;
      return iop === undefined ? true : undefined;
    }, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${String(last)}`);
    });
    expect(await deployment('old')).toBeUndefined();
    expect(await deployment('new')).toBeDefined();
  });

  it('removes a revision in use when the IstioOperator says to force it', async () => {
    // `new` holds the default tag now and the app namespace names it.
    await cluster.apply({ ...istioOperator('new', ['default']), metadata: { name: 'new', namespace: ns, annotations: { 'install.operator.istio.io/force-removal': 'true' } } });
    await cluster.delete({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', namespace: ns, name: 'new' });
    await waitFor('new to be finalized', async () => ((await cluster.getIstioOperator(ns, 'new')) === undefined ? true : undefined), 60_000);
    expect(await deployment('new')).toBeUndefined();
  });
});
