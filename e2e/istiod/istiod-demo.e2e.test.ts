import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JsonObject } from '../../src/api/json.js';
import { refOf, type KubeObject } from '../../src/api/kube-object.js';
import { LabelKeys } from '../../src/api/labels.js';
import { waitForCrdEstablished } from '../../src/kube/crd-established.js';
import { resolveRepoRoot } from '../cluster/paths.js';
import { createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from '../cluster/test-kube.js';
import { review, type AdmissionTarget } from '../support/admission-review.js';
import { conditionOf, createClusterClient, waitFor } from '../support/cluster-client.js';
import { ensureIstioBinaries, type IstioBinaries } from '../support/istio-binaries.js';
import { findErrorLines, startIstiod, type IstiodProcess } from '../support/istiod-process.js';
import { readMetric, startOperator, type OperatorProcess } from '../support/operator-process.js';
import { removeIstioOperator } from '../support/remove-istio-operator.js';
import { buildFailCloseProbe, buildStandInPolicy } from './stand-in-policy.js';
import { findException } from './injection-exceptions.js';
import { INJECTION_CASES } from './injection-pods.js';
import { generateUpstreamIstiodFiles } from './upstream-config.js';
import { INVALID_CONFIGS, VALID_CONFIGS } from './validation-corpus.js';
import { applyJsonPatch, diffJson } from '../support/json-patch.js';

const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const QUIET_WINDOW_MS = 180_000;
const MWC = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' } as const;
const VWC = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration' } as const;

let binaries: IstioBinaries;
let operator: OperatorProcess;
let istiod: IstiodProcess | undefined;
let ns = '';
let deployment: KubeObject;

const webhooksOf = (o: KubeObject): JsonObject[] => (Array.isArray(o.webhooks) ? (o.webhooks as JsonObject[]) : []);
const caBundleOf = (h: JsonObject): string => String(((h.clientConfig ?? {}) as JsonObject).caBundle ?? '');
const ourWebhookConfigs = async (): Promise<KubeObject[]> => {
  const selector = `${LabelKeys.owningResourceNamespace}=${ns}`;
  return [...(await cluster.list(MWC, { labelSelector: selector })), ...(await cluster.list(VWC, { labelSelector: selector }))];
};

beforeAll(async () => {
  binaries = ensureIstioBinaries();
  const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  operator = await startOperator(inject('kubeconfig'));
  ns = await createTestNamespace(kc, 'e2e-istiod');
  const iop: KubeObject = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'demo', namespace: ns }, spec: { profile: 'demo', values: { global: { istioNamespace: ns } } } };
  await cluster.apply(iop);
  await waitFor(`demo IstioOperator Ready in ${ns}`, async () => conditionOf(await cluster.getIstioOperator(ns, 'demo'), 'Ready')?.status === 'True', 120_000);
  // After the install: a policy applied before the Gateway CRD exists never matches its kind.
  for (const o of buildStandInPolicy()) await cluster.apply(o, 'e2e-setup');
  await waitFor('the stand-in policy to deny the fail-close probe', () => isProbeDenied(ns), 30_000);
  const live = await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod' });
  if (!live) throw new Error('the operator rendered no istiod Deployment');
  deployment = live;
  istiod = await startIstiod(binaries.pilotDiscovery, deployment, inject('kubeconfig'));
  console.info(`istiod ready after ${istiod.readyMs} ms (/ready on 127.0.0.1:${istiod.ports.http})`);
}, 45 * 60_000);

afterAll(async () => {
  const code = await istiod?.stop();
  if (ns) await removeIstioOperator(cluster, ns, 'demo', 60_000);
  await operator?.stop();
  for (const o of buildStandInPolicy()) await cluster.delete(refOf(o)).catch(() => undefined);
  if (ns) await deleteTestNamespace(kc, ns);
  console.info(`istiod exited with ${code}`);
});

describe('the real istiod 1.27.9 on the operator\'s demo installation', () => {
  it('becomes ready and logs no error about its mesh config, injector config or values', () => {
    const errors = findErrorLines(istiod?.logs() ?? '');
    if (errors.length > 0) console.info(`istiod error lines:\n${errors.join('\n')}`);
    const aboutConfig = errors.filter((l) => /mesh|inject|values|template|configmap/i.test(l));
    expect(aboutConfig).toEqual([]);
    expect(istiod?.logs()).toMatch(/inject/i);
  });

  it('patches caBundle and failurePolicy, and the operator then writes nothing for 3 minutes', async () => {
    const configs = await waitFor('istiod to patch caBundle and switch failurePolicy to Fail', async () => {
      const all = await ourWebhookConfigs();
      const done = all.length >= 2 && all.every((c) => webhooksOf(c).every((h) => caBundleOf(h) !== '' && (c.kind !== VWC.kind || h.failurePolicy === 'Fail')));
      return done ? all : undefined;
    }, 120_000).catch((error: Error) => {
      const lines = (istiod?.logs() ?? '').split('\n').filter((l) => /fail-clos|validationController|webhook/i.test(l));
      throw new Error(`${error.message}\n${lines.slice(-20).join('\n')}`);
    });
    // Let the operator see istiod's writes and settle before the window starts.
    await new Promise((r) => setTimeout(r, 5_000));
    const versions = configs.map((c) => `${c.kind}/${c.metadata.name}@${String(c.metadata.resourceVersion)}`);
    const before = await operator.metrics();
    const driftBefore = (await cluster.events(ns, 'demo')).filter((e) => e.startsWith('DriftCorrected')).length;
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    const after = await operator.metrics();
    const writes = readMetric(after, 'istio_operator_api_write_requests_total') - readMetric(before, 'istio_operator_api_write_requests_total');
    const reconciles = readMetric(after, 'istio_operator_reconciles_total') - readMetric(before, 'istio_operator_reconciles_total');
    const driftAfter = (await cluster.events(ns, 'demo')).filter((e) => e.startsWith('DriftCorrected')).length;
    const now = (await ourWebhookConfigs()).map((c) => `${c.kind}/${c.metadata.name}@${String(c.metadata.resourceVersion)}`);
    console.info(`operator over ${QUIET_WINDOW_MS / 1000} s with istiod running: ${writes} API writes, ${reconciles} reconciles, ${driftAfter - driftBefore} DriftCorrected events`);
    expect(now.sort()).toEqual(versions.sort());
    expect(writes, operator.logs().split('\n').filter((l) => /Applied|Pruned|writes/.test(l)).slice(-10).join('\n')).toBe(0);
    expect(driftAfter - driftBefore).toBe(0);
  }, QUIET_WINDOW_MS + 240_000);

  it('allows every valid traffic-management config and denies every malformed one through /validate', async () => {
    const target = await admissionTarget();
    const allowed: string[] = [];
    const wronglyDenied: string[] = [];
    for (const config of VALID_CONFIGS) {
      const answer = await review(target, '/validate', config, ns);
      (answer.allowed ? allowed : wronglyDenied).push(`${String(config.kind)}/${String((config.metadata as JsonObject).name)} ${answer.message}`);
    }
    const denied: string[] = [];
    const wronglyAllowed: string[] = [];
    for (const { why, config } of INVALID_CONFIGS) {
      const answer = await review(target, '/validate', config, ns);
      (answer.allowed ? wronglyAllowed : denied).push(`${why}: ${answer.message}`);
    }
    console.info(`/validate: ${allowed.length}/${VALID_CONFIGS.length} valid allowed, ${denied.length}/${INVALID_CONFIGS.length} malformed denied\n${denied.join('\n')}`);
    expect(wronglyDenied).toEqual([]);
    expect(wronglyAllowed).toEqual([]);
  });
});

describe('injection through /inject compared with upstream\'s injector configuration', () => {
  it('gives the same pods for sidecar, native-sidecar, gateway, grpc-agent and grpc-simple', async () => {
    const files = generateUpstreamIstiodFiles(binaries.istioctl, ['profile=demo', `values.global.istioNamespace=${ns}`]);
    // Same Deployment, same namespace and CA; only the mesh and injector config differ. Not the leader,
    // so it patches nothing.
    const upstream = await startIstiod(binaries.pilotDiscovery, deployment, inject('kubeconfig'), { files });
    const unexplained: string[] = [];
    const excepted: string[] = [];
    try {
      const ours = await admissionTarget();
      const theirs = { ...ours, port: upstream.ports.https };
      for (const { name, pod } of INJECTION_CASES) {
        const a = await review(ours, '/inject', pod, ns);
        const b = await review(theirs, '/inject', pod, ns);
        const diffs = diffJson(applyJsonPatch(pod, a.patch), applyJsonPatch(pod, b.patch));
        for (const d of diffs) {
          const line = `${name} ${d.path}: ours ${JSON.stringify(d.ours)?.slice(0, 200)} | upstream ${JSON.stringify(d.theirs)?.slice(0, 200)}`;
          const exception = findException(name, d.path);
          (exception ? excepted : unexplained).push(exception ? `${line} (${exception.reason})` : line);
        }
        console.info(`/inject ${name}: ${a.patch.length} patch ops (upstream ${b.patch.length}), ${diffs.length} differences${a.message ? `; ours: ${a.message}` : ''}${b.message ? `; upstream: ${b.message}` : ''}`);
      }
    } finally {
      await upstream.stop();
    }
    console.info(`injected-pod differences: ${unexplained.length} unexplained, ${excepted.length} named exceptions\n${[...unexplained, ...excepted].join('\n')}`);
    expect(unexplained).toEqual([]);
  }, 180_000);
});

/** What istiod's fail-close probe sees: a dry-run create of an always-reject Gateway. */
async function isProbeDenied(namespace: string): Promise<boolean> {
  const probe = buildFailCloseProbe(namespace);
  return cluster.clients
    .rest({ method: 'POST', path: `/apis/networking.istio.io/v1/namespaces/${namespace}/gateways`, query: { dryRun: 'All' }, body: probe as unknown as JsonObject })
    .then(() => false, (error: Error) => error.message.includes('denied the request'));
}

async function admissionTarget(): Promise<AdmissionTarget> {
  const validator = (await ourWebhookConfigs()).find((c) => c.kind === VWC.kind);
  const ca = Buffer.from(caBundleOf(webhooksOf(validator ?? { apiVersion: '', kind: '', metadata: { name: '' } })[0] ?? {}), 'base64').toString('utf8');
  return { port: istiod?.ports.https ?? 0, ca, serverName: `istiod.${ns}.svc` };
}
