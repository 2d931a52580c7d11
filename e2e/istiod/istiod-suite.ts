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
import { compareInjection } from './compare-injection.js';
import { buildIstiodInstalls, type IstiodInstall } from './installs.js';
import { buildFailCloseProbe, buildStandInPolicy } from './stand-in-policy.js';
import { generateUpstreamIstiodFiles } from './upstream-config.js';
import { INVALID_CONFIGS, VALID_CONFIGS } from './validation-corpus.js';

/**
 * The operator re-reconciles every IstioOperator this often here (600 s in production), so the quiet window
 * below holds three full passes (render, compare with the cluster istiod has written to) and not only
 * the event-driven ones.
 */
const RESYNC_SECONDS = 20;
const QUIET_WINDOW_MS = 3 * RESYNC_SECONDS * 1000 + 5_000;

/**
 * The real istiod of one release (pilot-discovery, built from that release's sources) on the operator's
 * installation of the same release: ready with no config errors, its webhooks patched and then no operator
 * write over three resync passes, /validate on a corpus, and /inject equal to the same istiod running upstream's
 * injector configuration (istioctl of that release). One test file per release calls this.
 */
export function defineIstiodSuite(release: string): void {
  const kc = loadTestKubeConfig();
  const cluster = createClusterClient();
  const installs = buildIstiodInstalls(release);
  const [demoInstall, canaryInstall] = installs as [IstiodInstall, IstiodInstall];
  const MWC = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' } as const;
  const VWC = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration' } as const;

  /** An installation with the istiod started from its rendered Deployment. */
  interface Running {
    deployment: KubeObject;
    istiod: IstiodProcess;
  }

  let binaries: IstioBinaries;
  let operator: OperatorProcess;
  let ns = '';
  const running = new Map<string, Running>();

  const runningOf = (install: IstiodInstall): Running => {
    const r = running.get(install.name);
    if (!r) throw new Error(`no istiod was started for the ${install.name} installation`);
    return r;
  };
  const webhooksOf = (o: KubeObject): JsonObject[] => (Array.isArray(o.webhooks) ? (o.webhooks as JsonObject[]) : []);
  const caBundleOf = (h: JsonObject): string => String(((h.clientConfig ?? {}) as JsonObject).caBundle ?? '');
  const ourWebhookConfigs = async (install: IstiodInstall): Promise<KubeObject[]> => {
    const selector = `${LabelKeys.owningResourceNamespace}=${ns},${LabelKeys.owningResource}=${install.name}`;
    return [...(await cluster.list(MWC, { labelSelector: selector })), ...(await cluster.list(VWC, { labelSelector: selector }))];
  };
  /** istiod's work is done: every webhook has a caBundle and every validator fails closed. */
  const isPatched = (configs: KubeObject[]): boolean =>
    configs.length >= 2 && configs.every((c) => webhooksOf(c).every((h) => caBundleOf(h) !== '' && (c.kind !== VWC.kind || h.failurePolicy === 'Fail')));
  const versionsOf = (configs: KubeObject[]): string[] => configs.map((c) => `${c.kind}/${c.metadata.name}@${String(c.metadata.resourceVersion)}`).sort();

  beforeAll(async () => {
    binaries = ensureIstioBinaries(release);
    const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
    await cluster.apply(crd, 'e2e-setup');
    await waitForCrdEstablished(cluster.clients, crd.metadata.name);
    operator = await startOperator(inject('kubeconfig'), ['--resync-period', String(RESYNC_SECONDS)]);
    ns = await createTestNamespace(kc, `e2e-istiod-${release.replaceAll('.', '-')}`);
    const applied = Date.now();
    await Promise.all(installs.map(async (install) => {
      await cluster.apply({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: install.name, namespace: ns }, spec: install.spec(ns) });
      await waitFor(`${install.name} IstioOperator Ready in ${ns}`, async () => conditionOf(await cluster.getIstioOperator(ns, install.name), 'Ready')?.status === 'True', 120_000);
      console.info(`${install.name}: IstioOperator Ready ${Date.now() - applied} ms after apply`);
    }));
    // After the install: a policy applied before the Gateway CRD exists never matches its kind.
    for (const o of buildStandInPolicy()) await cluster.apply(o, 'e2e-setup');
    await waitFor('the stand-in policy to deny the fail-close probe', () => isProbeDenied(ns), 30_000);
    // One after the other: the first creates the namespace's CA (istio-ca-secret), the second loads it.
    for (const install of installs) {
      const deployment = await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: install.istiod });
      if (!deployment) throw new Error(`the operator rendered no ${install.istiod} Deployment for ${install.name}`);
      const istiod = await startIstiod(binaries.pilotDiscovery, deployment, inject('kubeconfig'));
      running.set(install.name, { deployment, istiod });
      console.info(`${install.name}: ${install.istiod} ready after ${istiod.readyMs} ms (/ready on 127.0.0.1:${istiod.ports.http})`);
    }
  }, 45 * 60_000);

  afterAll(async () => {
    const started = Date.now();
    const codes = await Promise.all([...running].map(async ([name, r]) => `${name} ${String(await r.istiod.stop())}`));
    if (ns) await Promise.all(installs.map((install) => removeIstioOperator(cluster, ns, install.name, 60_000)));
    console.info(`istiods stopped and IstioOperators removed in ${Date.now() - started} ms`);
    await operator?.stop();
    for (const o of buildStandInPolicy()) await cluster.delete(refOf(o)).catch(() => undefined);
    if (ns) await deleteTestNamespace(kc, ns);
    console.info(`istiod exited with ${codes.join(', ')}`);
  });

  describe(`the real istiod ${release} on the operator's demo installation and a canary revision beside it`, () => {
    it.each(installs.map((i) => [i.name, i] as const))('%s: becomes ready and logs no error about its mesh config, injector config or values', (_name, install) => {
      const { istiod } = runningOf(install);
      const errors = findErrorLines(istiod.logs());
      if (errors.length > 0) console.info(`${install.name} istiod error lines:\n${errors.join('\n')}`);
      // istiod writes its root certificate into every namespace; one an earlier suite is still deleting can
      // refuse that write, which says nothing about this installation's configuration.
      const elsewhere = (l: string): boolean => l.includes('istio-ca-root-cert') && !l.includes(`${ns}/`);
      const aboutConfig = errors.filter((l) => /mesh|inject|values|template|configmap/i.test(l) && !elsewhere(l));
      expect(aboutConfig).toEqual([]);
      expect(istiod.logs()).toMatch(/inject/i);
    });

    it('canary: istiod runs from the revisioned objects, each labelled istio.io/rev=canary', async () => {
      const refs = [
        ...(['Deployment', 'Service', 'ServiceAccount'] as const).map((kind) => ({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, name: 'istiod-canary', namespace: ns })),
        ...['istio-canary', 'istio-sidecar-injector-canary', 'values-canary'].map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: ns })),
        { ...MWC, name: `istio-sidecar-injector-canary-${ns}` },
        { ...VWC, name: `istio-validator-canary-${ns}` },
      ];
      const labels = await Promise.all(refs.map(async (ref) => [`${ref.kind}/${ref.name}`, (await cluster.get(ref))?.metadata.labels?.[LabelKeys.revision] ?? 'missing'] as const));
      expect(Object.fromEntries(labels)).toEqual(Object.fromEntries(refs.map((r) => [`${r.kind}/${r.name}`, 'canary'])));
      expect(JSON.stringify(runningOf(canaryInstall).deployment.spec)).toContain('{"name":"REVISION","value":"canary"}');
    });

    it('each istiod patches its own webhooks\' caBundle and failurePolicy, and the operator then writes nothing over three resync passes', async () => {
      const configs = new Map<string, KubeObject[]>();
      for (const install of installs) {
        const patched = await waitFor(`the ${install.name} istiod to patch caBundle and switch failurePolicy to Fail`, async () => {
          const all = await ourWebhookConfigs(install);
          return isPatched(all) ? all : undefined;
        }, 120_000).catch((error: Error) => {
          const lines = runningOf(install).istiod.logs().split('\n').filter((l) => /fail-clos|validationController|webhook/i.test(l));
          throw new Error(`${error.message}\n${lines.slice(-20).join('\n')}`);
        });
        configs.set(install.name, patched);
      }
      // Let the operator see istiod's writes and settle before the window starts.
      await new Promise((r) => setTimeout(r, 5_000));
      const before = await operator.metrics();
      const drift = async (): Promise<number> => {
        const events = await Promise.all(installs.map((i) => cluster.events(ns, i.name)));
        return events.flat().filter((e) => e.startsWith('DriftCorrected')).length;
      };
      const driftBefore = await drift();
      await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
      const after = await operator.metrics();
      const writes = readMetric(after, 'istio_operator_api_write_requests_total') - readMetric(before, 'istio_operator_api_write_requests_total');
      const reconciles = readMetric(after, 'istio_operator_reconciles_total') - readMetric(before, 'istio_operator_reconciles_total');
      const drifted = (await drift()) - driftBefore;
      expect(reconciles, 'every IstioOperator is reconciled by each resync inside the window').toBeGreaterThanOrEqual(3 * installs.length);
      console.info(`operator over ${QUIET_WINDOW_MS / 1000} s with the demo and canary istiods running: ${writes} API writes, ${reconciles} reconciles, ${drifted} DriftCorrected events`);
      for (const install of installs) {
        const now = await ourWebhookConfigs(install);
        console.info(`${install.name}: ${now.map((c) => c.metadata.name).join(', ')} patched by its istiod, unchanged over the window: ${String(versionsOf(now).join() === versionsOf(configs.get(install.name) ?? []).join())}`);
        expect(versionsOf(now), install.name).toEqual(versionsOf(configs.get(install.name) ?? []));
      }
      expect(writes, operator.logs().split('\n').filter((l) => /Applied|Pruned|writes/.test(l)).slice(-10).join('\n')).toBe(0);
      expect(drifted).toBe(0);
    }, QUIET_WINDOW_MS + 360_000);

    it('demo: allows every valid traffic-management config and denies every malformed one through /validate', async () => {
      const target = await admissionTarget(demoInstall);
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

  describe(`injection through /inject compared with upstream ${release}'s injector configuration`, () => {
    it.each(installs.map((i) => [i.name, i] as const))('%s: gives the same pods for sidecar, native-sidecar, gateway, grpc-agent and grpc-simple', async (_name, install) => {
      const files = generateUpstreamIstiodFiles(binaries.istioctl, install.upstreamSets(ns));
      // Same Deployment, same namespace and CA; only the mesh and injector config differ. Not the leader,
      // so it patches nothing.
      const upstream = await startIstiod(binaries.pilotDiscovery, runningOf(install).deployment, inject('kubeconfig'), { files });
      try {
        const ours = await admissionTarget(install);
        const result = await compareInjection(ours, { ...ours, port: upstream.ports.https }, install.injectionCases, ns);
        const { unexplained, excepted } = result;
        console.info(`${install.name} /inject${install.revision === 'default' ? '' : ` (pods labelled istio.io/rev=${install.revision})`}:\n${result.summary.join('\n')}`);
        console.info(`${install.name} injected-pod differences: ${unexplained.length} unexplained, ${excepted.length} named exceptions\n${[...unexplained, ...excepted].join('\n')}`);
        expect(result.notInjected).toEqual([]);
        expect(unexplained).toEqual([]);
      } finally {
        await upstream.stop();
      }
    }, 180_000);
  });

  /** What istiod's fail-close probe sees: a dry-run create of an always-reject Gateway. */
  async function isProbeDenied(namespace: string): Promise<boolean> {
    const probe = buildFailCloseProbe(namespace);
    return cluster.clients
      .rest({ method: 'POST', path: `/apis/networking.istio.io/v1/namespaces/${namespace}/gateways`, query: { dryRun: 'All' }, body: probe as unknown as JsonObject })
      .then(() => false, (error: Error) => error.message.includes('denied the request'));
  }

  /** The install's istiod webhook port, trusting the CA it wrote into its webhooks' caBundle. */
  async function admissionTarget(install: IstiodInstall): Promise<AdmissionTarget> {
    const hook = (await ourWebhookConfigs(install)).flatMap(webhooksOf).find((h) => caBundleOf(h) !== '');
    const ca = Buffer.from(caBundleOf(hook ?? {}), 'base64').toString('utf8');
    return { port: runningOf(install).istiod.ports.https, ca, serverName: `${install.istiod}.${ns}.svc` };
  }
}
