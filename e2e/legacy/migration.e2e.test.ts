import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IstioOperatorObject } from '../../src/api/istio-operator.js';
import type { JsonObject } from '../../src/api/json.js';
import type { KubeObject } from '../../src/api/kube-object.js';
import { AnnotationKeys } from '../../src/api/labels.js';
import { loadSourceCatalog } from '../../src/assets/load-assets.js';
import { waitForCrdEstablished } from '../../src/kube/crd-established.js';
import { resolveRepoRoot } from '../cluster/paths.js';
import { conditionOf, createClusterClient, waitFor } from '../support/cluster-client.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { kubectl } from '../support/kubectl.js';
import { startOperator, type OperatorProcess } from '../support/operator-process.js';
import { compareSnapshots, removeInstallations, takeSnapshot, templateChanges, type Snapshot } from './installation-snapshot.js';
import { ensureIstio123, ensureIstioctl127, runIstioctl, startLegacyOperator } from './legacy-installers.js';

/**
 * Replacing Istio's old installers with this operator: the real Istio 1.23.6 in-cluster operator and
 * istioctl 1.23.6 / 1.27.9 install first; then our operator (or CLI) meets their installation. The swap
 * must change nothing and say what a takeover would do; the explicit takeover then keeps every object.
 */
const NS = 'istio-system';
const root = resolveRepoRoot();
const cluster = createClusterClient();
const kubeconfig = (): string => inject('kubeconfig');
let bins: { istioctl: string; operator: string };
let istioctl127 = '';
let ours: OperatorProcess | undefined;

const IOP = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
const iopRef = (name: string) => ({ ...IOP, namespace: NS, name });
const figures: string[] = [];

beforeAll(async () => {
  bins = ensureIstio123();
  istioctl127 = ensureIstioctl127();
  const crd = yaml.load(readFileSync(path.join(root, 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  await clean();
}, 1_800_000);

// Each scenario starts from no installation and no operator of ours.
afterEach(async () => {
  await ours?.stop();
  ours = undefined;
  await clean();
}, 300_000);

afterAll(() => {
  process.stderr.write(`[legacy] ${figures.join('\n[legacy] ')}\n`);
});

async function clean(): Promise<void> {
  for (const iop of await cluster.list(IOP, { namespace: NS }).catch(() => [] as KubeObject[])) {
    await kubectl(['patch', 'istiooperator', '-n', NS, iop.metadata.name, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await cluster.delete(iopRef(iop.metadata.name)).catch(() => undefined);
  }
  await removeInstallations(cluster, [NS]);
}

async function createNamespace(): Promise<void> {
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, 'kubectl');
}

/** The old operator reconciles `iop` to HEALTHY, then stops, as before a migration. */
async function installWithOldOperator(iop: KubeObject): Promise<void> {
  await createNamespace();
  await cluster.apply(iop, 'kubectl');
  const old = startLegacyOperator(bins.operator, kubeconfig(), NS, await freeLoopbackPort());
  try {
    await waitFor('HEALTHY from the 1.23.6 operator', async () => (await cluster.getIstioOperator(NS, iop.metadata.name))?.status?.status === 'HEALTHY', 240_000, 1000).catch((e: Error) => {
      throw new Error(`${e.message}\n${old.logs().slice(-4000)}`);
    });
  } finally {
    await old.stop();
  }
}

async function startOurs(): Promise<void> {
  ours ??= await startOperator(kubeconfig(), ['--adopt-namespaces', NS]);
}

/** The swap: our operator meets the installation. Nothing may change; the CR says why and what a takeover does. */
async function expectSwapChangesNothing(name: string, before: Snapshot): Promise<IstioOperatorObject> {
  await startOurs();
  const stalled = await waitFor(`Stalled on ${name}`, async () => {
    const iop = await cluster.getIstioOperator(NS, name);
    return conditionOf(iop, 'Stalled')?.status === 'True' ? iop : undefined;
  }, 60_000);
  // Give a wrong operator time to do harm: several reconciles and watch events pass in 5 s.
  await new Promise((r) => setTimeout(r, 5_000));
  const change = compareSnapshots(before, await takeSnapshot(cluster));
  expect(change).toEqual({ deleted: [], recreated: [], rolledOut: [], added: [] });
  const events = (await cluster.events(NS, name)).filter((e) => e.startsWith('Stalled:'));
  expect(events).toHaveLength(1);
  return stalled;
}

/** The explicit takeover: annotations on the CR (the operator runs with --adopt-namespaces istio-system). */
async function takeOver(name: string, before: Snapshot, annotations: Record<string, string>): Promise<ReturnType<typeof compareSnapshots>> {
  const annotate = Object.entries({ [AnnotationKeys.adopt]: 'true', ...annotations }).map(([k, v]) => `${k}=${v}`);
  expect((await kubectl(['annotate', 'istiooperator', '-n', NS, name, ...annotate, '--overwrite'])).code).toBe(0);
  await waitFor(`Ready on ${name}`, async () => conditionOf(await cluster.getIstioOperator(NS, name), 'Ready')?.status === 'True', 120_000, 500);
  const change = compareSnapshots(before, await takeSnapshot(cluster));
  expect(change.deleted).toEqual([]);
  expect(change.recreated).toEqual([]);
  expect((await cluster.events(NS, name)).some((e) => e.startsWith('TakenOver:'))).toBe(true);
  return change;
}

const SOURCE_BUILD_STAMPS = new Set(['.metadata.labels.app.kubernetes.io/version', '.metadata.labels.helm.sh/chart']);

const operatorIop = (name: string, spec: JsonObject): KubeObject => ({ ...IOP, metadata: { name, namespace: NS }, spec });

/** `1.23 -> 1.24 -> ... -> <the newest pack's minor>`: the hops of an in-place move to the newest pack. */
function minorsFrom(minor: number): string {
  const newest = Number(loadSourceCatalog().defaultVersion.split('.')[1]);
  return Array.from({ length: newest - minor + 1 }, (_, i) => `1.${minor + i}`).join(' -> ');
}

describe("the Istio 1.23.6 in-cluster operator's installation", () => {
  it('keeps both gateways of a by-name gateway merge: the swap changes nothing, the takeover deletes nothing', async () => {
    const name = 'example-istiocontrolplane';
    await installWithOldOperator(operatorIop(name, { profile: 'default', components: { ingressGateways: [{ name: 'istio-ingressgateway-internal', enabled: true, label: { istio: 'ingressgateway-internal' } }] } }));
    const before = await takeSnapshot(cluster);
    expect([...before.keys()].filter((id) => id.startsWith('Deployment.apps'))).toEqual(expect.arrayContaining(['Deployment.apps istio-system/istio-ingressgateway', 'Deployment.apps istio-system/istio-ingressgateway-internal']));
    const stalled = await expectSwapChangesNothing(name, before);
    const message = conditionOf(stalled, 'Stalled')?.message ?? '';
    expect(conditionOf(stalled, 'Stalled')?.reason).toBe('TakeoverRequired');
    expect(message).toContain("Istio's in-cluster operator (1.23 or older) for IstioOperator istio-system/example-istiocontrolplane (Istio 1.23.6");
    expect(message).toContain('gateway lists merge with the profile\'s by name');
    // Without a tag the IstioOperator asks for the newest pack: a move upstream's policy takes minor by minor.
    expect(message).toContain(`go through ${minorsFrom(23)}`);
    const change = await takeOver(name, before, { [AnnotationKeys.allowVersionSkip]: 'true' });
    expect((await cluster.getIstioOperator(NS, name))?.status?.gatewayListMerge).toBe('by-name');
    figures.push(`1.23.6 operator, two ingress gateways: swap 0 deleted / 0 recreated / 0 rolled out; takeover 0 deleted / 0 recreated / ${change.rolledOut.length} rolled out (${change.rolledOut.join(', ')}), ${change.added.length} added`);
  });

  it('keeps an egress gateway given only k8s settings disabled, as 1.23 rendered it', async () => {
    const name = 'egress-settings';
    await installWithOldOperator(operatorIop(name, { profile: 'default', components: { egressGateways: [{ name: 'istio-egressgateway', k8s: { resources: { requests: { cpu: '50m' } } } }] } }));
    const before = await takeSnapshot(cluster);
    expect(before.has('Deployment.apps istio-system/istio-egressgateway')).toBe(false);
    await expectSwapChangesNothing(name, before);
    const change = await takeOver(name, before, { [AnnotationKeys.allowVersionSkip]: 'true' });
    expect((await takeSnapshot(cluster)).has('Deployment.apps istio-system/istio-egressgateway')).toBe(false);
    figures.push(`1.23.6 operator, egress k8s-only: takeover 0 deleted / 0 recreated / ${change.rolledOut.length} rolled out, ${change.added.length} added`);
  });

  it('a revisioned installation: the swap changes nothing, the takeover deletes nothing', async () => {
    const name = 'revisioned';
    await installWithOldOperator(operatorIop(name, { profile: 'minimal', revision: '1-23-6' }));
    const before = await takeSnapshot(cluster);
    expect(before.has('Deployment.apps istio-system/istiod-1-23-6')).toBe(true);
    await expectSwapChangesNothing(name, before);
    const change = await takeOver(name, before, { [AnnotationKeys.allowVersionSkip]: 'true' });
    figures.push(`1.23.6 operator, revision 1-23-6: takeover 0 deleted / 0 recreated / ${change.rolledOut.length} rolled out, ${change.added.length} added`);
  });
});

describe('istioctl installations', () => {
  it('istioctl 1.27.9: the takeover changes no pod template (our render equals theirs)', async () => {
    await createNamespace();
    runIstioctl(istioctl127, kubeconfig(), ['install', '-y', '--set', 'profile=default']);
    const before = await takeSnapshot(cluster);
    const name = 'from-istioctl';
    // The IstioOperator names the release the cluster runs, so the takeover keeps it.
    await cluster.apply(operatorIop(name, { profile: 'default', tag: '1.27.9' }), 'kubectl');
    const stalled = await expectSwapChangesNothing(name, before);
    expect(conditionOf(stalled, 'Stalled')?.message).toContain('istioctl install (1.24 or newer) (Istio 1.27.9');
    const change = await takeOver(name, before, {});
    const after = await takeSnapshot(cluster);
    // A source build of istioctl stamps its charts' own version 1.0.0 where the release stamps 1.27.9; our
    // render carries the release's. Nothing else in a pod template may change.
    const changed = change.rolledOut.flatMap((id) => templateChanges(before, after, id));
    expect(changed.filter((p) => !SOURCE_BUILD_STAMPS.has(p))).toEqual([]);
    figures.push(`istioctl 1.27.9: swap 0 deleted / 0 recreated / 0 rolled out; takeover 0 deleted / 0 recreated / ${change.rolledOut.length} pod templates changed, only in ${[...new Set(changed)].join(', ') || 'nothing'} (source-build version stamp), ${change.added.length} added`);
  });

  it('istioctl 1.23.6: the swap changes nothing, the takeover deletes nothing', async () => {
    await createNamespace();
    runIstioctl(bins.istioctl, kubeconfig(), ['install', '-y', '--set', 'profile=default']);
    const before = await takeSnapshot(cluster);
    const name = 'from-istioctl-123';
    await cluster.apply(operatorIop(name, { profile: 'default' }), 'kubectl');
    const stalled = await expectSwapChangesNothing(name, before);
    expect(conditionOf(stalled, 'Stalled')?.message).toContain('istioctl install (1.23 or older) (Istio 1.23.6');
    const change = await takeOver(name, before, { [AnnotationKeys.allowVersionSkip]: 'true' });
    figures.push(`istioctl 1.23.6: swap 0 deleted / 0 recreated / 0 rolled out; takeover 0 deleted / 0 recreated / ${change.rolledOut.length} rolled out, ${change.added.length} added`);
  });

  it('istioctl 1.23.6, then our CLI install: refused with a plan, then --adopt deletes nothing, as istioctl 1.27.9 deletes nothing', async () => {
    await createNamespace();
    runIstioctl(bins.istioctl, kubeconfig(), ['install', '-y', '--set', 'profile=default']);
    const before = await takeSnapshot(cluster);
    runIstioctl(istioctl127, kubeconfig(), ['install', '-y', '--set', 'profile=default']);
    const byIstioctl = compareSnapshots(before, await takeSnapshot(cluster));
    expect(byIstioctl.deleted).toEqual([]);
    await clean();

    await createNamespace();
    runIstioctl(bins.istioctl, kubeconfig(), ['install', '-y', '--set', 'profile=default']);
    const before2 = await takeSnapshot(cluster);
    const cli = async (args: string[]) => {
      const { execFile } = await import('node:child_process');
      return new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(path.join(root, 'bin', 'istio-operator'), [...args, '--kubeconfig', kubeconfig()], { timeout: 300_000 }, (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }));
      });
    };
    const refused = await cli(['install', '--profile', 'default', '--skip-wait']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('istioctl install (1.23 or older) (Istio 1.23.6');
    expect(refused.stderr).toContain('re-run with --adopt');
    expect(compareSnapshots(before2, await takeSnapshot(cluster))).toEqual({ deleted: [], recreated: [], rolledOut: [], added: [] });
    const adopted = await cli(['install', '--profile', 'default', '--adopt', '--allow-version-skip', '--timeout', '120']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stderr).toContain('Taking over:');
    const byUs = compareSnapshots(before2, await takeSnapshot(cluster));
    expect(byUs.deleted.filter((id) => !byIstioctl.deleted.includes(id))).toEqual([]);
    expect(byUs.recreated).toEqual([]);
    figures.push(`istioctl 1.23.6 then CLI install --adopt: ${byUs.deleted.length} deleted (istioctl 1.27.9: ${byIstioctl.deleted.length}), 0 recreated, ${byUs.rolledOut.length} rolled out`);
  });
});
