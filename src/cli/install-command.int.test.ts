import { afterEach, describe, expect, it } from 'vitest';
import { buildUniqueName, deleteTestNamespace, getTestKubeconfigPath, loadTestKubeConfig } from '../../e2e/cluster/test-kube.js';
import { loadAssets } from '../assets/load-assets.js';
import { singlePackCatalog } from '../packs/pack-catalog.js';
import type { ObjectRef } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { buildKubeClients } from '../kube/kube-client.js';
import { deleteObject, getObject } from '../kube/object-io.js';
import { runCli } from './main.js';
import { createMemoryIo } from './memory-io.js';

const assets = loadAssets();
const catalog = singlePackCatalog(assets);
/** A day on which the pack under test was supported: stderr holds no end-of-life warning. */
const BEFORE_END_OF_LIFE = '2026-01-01';
const kubeconfig = getTestKubeconfigPath();
const kc = loadTestKubeConfig();
const clients = buildKubeClients(kc);
const namespaces: string[] = [];

/** Runs the CLI in-process against the test cluster; -f files come from `files`. */
async function cli(argv: string[], files: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = createMemoryIo(files);
  const code = await runCli([...argv, '--kubeconfig', kubeconfig], io, () => catalog, BEFORE_END_OF_LIFE);
  return { code, ...io.out };
}

/** A fresh istio namespace; afterEach uninstalls its owner (cluster-scoped objects too) and deletes it. */
function newIstioNamespace(): string {
  const ns = buildUniqueName('cli-install');
  namespaces.push(ns);
  return ns;
}

const deployment = (namespace: string, name: string): ObjectRef => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });
const exists = async (ref: ObjectRef): Promise<boolean> => (await getObject(clients, ref)) !== undefined;

afterEach(async () => {
  for (const ns of namespaces.splice(0)) {
    await cli(['uninstall', '--name', 'installed-state', '--namespace', ns]);
    await deleteTestNamespace(kc, ns);
  }
});

describe('istio-operator install / verify / uninstall against a real cluster', () => {
  it('installs, verifies, detects and repairs drift, refuses a second owner, and uninstalls', async () => {
    const ns = newIstioNamespace();
    const set = ['--set', `values.global.istioNamespace=${ns}`];

    const install = await cli(['install', '--profile', 'minimal', ...set]);
    expect(install.stderr, install.stderr).toMatch(/\[ok\] Pilot installed/);
    expect(install.code).toBe(0);
    expect(install.stdout).toMatch(/^COMPONENT\s+OBJECTS\s+STATUS\n/);
    expect(install.stdout).toMatch(/\nPilot\s+\d+\s+Ready\n/);
    const istiod = await getObject(clients, deployment(ns, 'istiod'));
    expect(istiod?.metadata.labels).toMatchObject({ [LabelKeys.owningResource]: 'installed-state', [LabelKeys.owningResourceNamespace]: ns });
    expect(JSON.stringify(istiod?.metadata.managedFields)).toContain(`"manager":"${FIELD_MANAGER}","operation":"Apply"`);

    const clean = await cli(['verify', '--profile', 'minimal', ...set]);
    expect(clean.stdout).toMatch(/OK: every object matches/);
    expect(clean.code).toBe(0);

    await deleteObject(clients, deployment(ns, 'istiod'));
    const broken = await cli(['verify', '--profile', 'minimal', ...set]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`Missing from the cluster \\(1\\):\\n  Deployment\\.apps ${ns}/istiod\\n`));
    expect(broken.stdout).toMatch(/FAILED: 1 problem/);

    const repair = await cli(['install', '--profile', 'minimal', ...set]);
    expect(repair.code).toBe(0);
    // Other suites may relabel the shared CRDs meanwhile, so only the created count is exact.
    expect(repair.stderr).toMatch(/Applied \d+ objects: 1 created, \d+ configured, \d+ unchanged/);
    expect(await exists(deployment(ns, 'istiod'))).toBe(true);
    expect((await cli(['verify', '--profile', 'minimal', ...set])).code).toBe(0);

    const iop = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: other\nspec:\n  profile: minimal\n';
    const conflict = await cli(['install', '-f', 'other.yaml', ...set], { 'other.yaml': iop });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(new RegExp(`^Error: .* is owned by IstioOperator ${ns}/installed-state; refusing to take it over`, 'm'));

    const uninstall = await cli(['uninstall', ...set]);
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toContain(`deleted  Deployment.apps ${ns}/istiod\n`);
    expect(uninstall.stdout).toMatch(/Kept the shared Base objects \(use --purge to delete them\) and namespaces/);
    expect(await exists(deployment(ns, 'istiod'))).toBe(false);
    expect(await exists({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `istiod-clusterrole-${ns}` })).toBe(false);
    expect(await exists({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'virtualservices.networking.istio.io' })).toBe(true);
    expect(await exists({ apiVersion: 'v1', kind: 'Namespace', name: ns })).toBe(true);
    expect((await cli(['uninstall', '--namespace', ns])).stdout).toMatch(/^Nothing to uninstall/);
  });

  it('installs a canary revision beside the default one: the shared Base objects are no conflict', async () => {
    const ns = newIstioNamespace();
    const set = ['--set', `values.global.istioNamespace=${ns}`];
    expect((await cli(['install', '--profile', 'minimal', ...set])).code).toBe(0);
    const canary = await cli(['install', '--profile', 'minimal', '--revision', 'canary', ...set]);
    expect(canary.code, canary.stderr).toBe(0);
    expect(await exists(deployment(ns, 'istiod'))).toBe(true);
    expect(await exists(deployment(ns, 'istiod-canary'))).toBe(true);
    // Removing the canary leaves the default revision and the shared reader account alone.
    expect((await cli(['uninstall', '--revision', 'canary', ...set])).code).toBe(0);
    expect(await exists(deployment(ns, 'istiod-canary'))).toBe(false);
    expect(await exists(deployment(ns, 'istiod'))).toBe(true);
    expect(await exists({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: ns, name: 'istio-reader-service-account' })).toBe(true);
    expect((await cli(['uninstall', ...set])).code).toBe(0);
  });

  it('prunes what a smaller profile no longer renders; --dry-run only plans it', async () => {
    const ns = newIstioNamespace();
    const set = ['--set', `values.global.istioNamespace=${ns}`];
    expect((await cli(['install', '--profile', 'demo', ...set])).code).toBe(0);
    for (const name of ['istio-ingressgateway', 'istio-egressgateway']) expect(await exists(deployment(ns, name))).toBe(true);

    // Someone else's ConfigMap carrying our labels: never applied by us, so neither planned nor pruned.
    const labels = { [LabelKeys.owningResource]: 'installed-state', [LabelKeys.owningResourceNamespace]: ns };
    const notes = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'user-notes', namespace: ns, labels }, data: { a: 'b' } };
    await clients.rest({ method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, query: { fieldManager: 'kubectl-create' }, body: notes });

    const plan = await cli(['install', '--dry-run', '--profile', 'minimal', ...set]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`prune\\s+Deployment\\.apps ${ns}/istio-ingressgateway\\s+no longer rendered`));
    expect(plan.stdout).not.toContain('user-notes');
    expect(plan.stdout).toMatch(/Dry run: 1 to create, \d+ to configure, \d+ to prune, \d+ unchanged\. Nothing was written\./);
    const planned = Number(/(\d+) to prune/.exec(plan.stdout)?.[1]);
    expect(await exists(deployment(ns, 'istio-ingressgateway'))).toBe(true);

    const minimal = await cli(['install', '--profile', 'minimal', ...set]);
    expect(minimal.code).toBe(0);
    expect(minimal.stderr).toMatch(new RegExp(`Pruned \\d+ objects no longer rendered: .*Deployment\\.apps ${ns}/istio-ingressgateway`));
    // The plan said exactly what the install then did.
    expect(Number(/Pruned (\d+) objects/.exec(minimal.stderr)?.[1])).toBe(planned);
    expect(await exists({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'user-notes' })).toBe(true);
    for (const name of ['istio-ingressgateway', 'istio-egressgateway']) expect(await exists(deployment(ns, name))).toBe(false);
    expect(await exists(deployment(ns, 'istiod'))).toBe(true);
  });

  it('exits 1 naming the component that did not become ready within --timeout', async () => {
    const ns = newIstioNamespace();
    const set = ['--set', `values.global.istioNamespace=${ns}`, '--set', 'components.pilot.k8s.nodeSelector.no-such-node=nowhere'];
    const out = await cli(['install', '--profile', 'minimal', '--timeout', '2', ...set]);
    expect(out.code).toBe(1);
    expect(out.stdout, out.stderr).toMatch(/\nPilot\s+\d+\s+Not ready: .*replicas/);
    expect(out.stderr).toMatch(new RegExp(`^Error: timed out after 2s waiting for Pilot \\(.*Deployment\\.apps ${ns}/istiod`, 'm'));
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
