import { mkdtempSync, rmSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refOf, type KubeObject } from '../src/api/kube-object.js';
import { loadAssets } from '../src/assets/load-assets.js';
import { buildDesiredState } from '../src/pipeline/build-desired-state.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { buildKubeClients } from '../src/kube/kube-client.js';
import { buildUniqueName, createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { buildHelm, renderHelmChart, resolvePodCommand } from './support/helm.js';
import { getLease } from './support/lease.js';
import { startOperator, type OperatorProcess } from './support/operator-process.js';
import { removeIstioOperator } from './support/remove-istio-operator.js';
import { requestServiceAccountToken, writeTokenKubeconfig } from './support/service-account-kubeconfig.js';

// Installs the operator's chart (everything but the Deployment: kwok runs no containers) and runs the
// operator as a local process authenticated as the chart's ServiceAccount, so every request it makes
// is authorised by the chart's RBAC alone. A missing permission shows up as a 403 in its log.

const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const IOP = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
/** Unique, so cluster-scoped ClusterRole/Binding names never collide with another run. */
const fullname = buildUniqueName('e2e-chart-operator');
const leaseName = 'istio-operator-leader';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-chart-rbac-'));
let releaseNs = '';
let crNs = '';
/** Not created by the test: the operator must create (and on deletion remove) it. */
const istioNs = buildUniqueName('e2e-chart-istio');
let rendered: KubeObject[] = [];
let operator: OperatorProcess | undefined;

const loadKubeConfigFile = (file: string): KubeConfig => {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
};
const forbidden = (logs: string): string[] => logs.split('\n').filter((l) => /forbidden|\b403\b/i.test(l));
const demoSpec = () => ({ profile: 'demo', values: { global: { istioNamespace: istioNs } } });

/** The Role and ClusterRole names the demo IstioOperator renders: all that escalate/bind may name. */
function renderedRoleNames(): string[] {
  const result = buildDesiredState({ documents: [{ ...IOP, metadata: { name: 'chart-demo', namespace: crNs }, spec: demoSpec() }], setFlags: [], owner: { name: 'chart-demo', namespace: crNs } }, loadAssets());
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return [...new Set(result.value.objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').map((o) => o.metadata.name))];
}

beforeAll(async () => {
  releaseNs = await createTestNamespace(kc, 'e2e-chart');
  crNs = await createTestNamespace(kc, 'e2e-chart-cr');
  // As an administrator would: this IstioOperator's namespace, its Istio namespace and its role names.
  rendered = renderHelmChart(buildHelm(), 'istio-operator', 'istio-operator', releaseNs, [
    `fullnameOverride=${fullname}`, `leaderElection.leaseName=${leaseName}`,
    `watchNamespaces={${crNs}}`, `installNamespaces={${istioNs}}`, `rbac.escalationResourceNames={${renderedRoleNames().join(',')}}`,
  ]);
  for (const obj of rendered.filter((o) => o.kind !== 'Deployment')) await cluster.apply(obj, 'e2e-chart-install');
  const crd = rendered.find((o) => o.kind === 'CustomResourceDefinition');
  if (crd) await waitForCrdEstablished(cluster.clients, crd.metadata.name);
});

afterAll(async () => {
  if (crNs) await removeIstioOperator(cluster, crNs, 'chart-demo', operator ? 60_000 : 0);
  if (operator) await operator.kill();
  // The CRD stays (helm.sh/resource-policy: keep, and other suites use it); the rest of the release goes.
  for (const obj of rendered.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')) await cluster.delete(refOf(obj)).catch(() => undefined);
  for (const name of [releaseNs, crNs, istioNs]) if (name) await deleteTestNamespace(kc, name);
  rmSync(tmp, { recursive: true, force: true });
});

describe("the chart's RBAC, exercised by the operator as its ServiceAccount", () => {
  it('renders the objects an install needs', () => {
    expect(rendered.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Deployment', 'NetworkPolicy', 'Role', 'RoleBinding', 'ServiceAccount']);
  });

  it('installs a demo IstioOperator to Ready/HEALTHY with no request refused', async () => {
    const sa = rendered.find((o) => o.kind === 'ServiceAccount');
    const deployment = rendered.find((o) => o.kind === 'Deployment');
    if (!sa || !deployment) throw new Error('the chart rendered no ServiceAccount or Deployment');
    const token = await requestServiceAccountToken(cluster.clients, releaseNs, sa.metadata.name);
    const kubeconfig = path.join(tmp, 'kubeconfig');
    const user = `system:serviceaccount:${releaseNs}:${sa.metadata.name}`;
    writeTokenKubeconfig(kc, token, user, kubeconfig);
    // The kubeconfig really is the ServiceAccount, and nothing beyond the chart's grants.
    const asSa = buildKubeClients(loadKubeConfigFile(kubeconfig));
    const review = (await asSa.rest({ method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })) as { status?: { userInfo?: { username?: string } } };
    expect(review.status?.userInfo?.username).toBe(user);
    await expect(asSa.rest({ method: 'GET', path: '/api/v1/nodes' })).rejects.toMatchObject({ code: 403 });
    const pod = { name: `${fullname}-7d9f8c6b5-x2k4q`, namespace: releaseNs };
    const { runArgs, env } = resolvePodCommand(deployment, pod);
    expect(runArgs).toContain('--leader-elect');
    expect(runArgs.slice(runArgs.indexOf('--install-namespaces'), runArgs.indexOf('--install-namespaces') + 2)).toEqual(['--install-namespaces', istioNs]);
    operator = await startOperator(kubeconfig, runArgs, env);

    const started = Date.now();
    await cluster.apply({ ...IOP, metadata: { name: 'chart-demo', namespace: crNs }, spec: demoSpec() });
    const ready = await waitFor('Ready=True', async () => {
      const iop = await cluster.getIstioOperator(crNs, 'chart-demo');
      return conditionOf(iop, 'Ready')?.status === 'True' && iop?.status?.observedGeneration === iop?.metadata.generation ? iop : undefined;
    }, 120_000).catch((e: Error) => {
      throw new Error(`${e.message}\nrefused requests:\n${forbidden(operator?.logs() ?? '').slice(0, 20).join('\n')}`);
    });
    console.info(`demo IstioOperator Ready under the chart's ServiceAccount after ${Date.now() - started} ms`);
    expect(ready.status?.status).toBe('HEALTHY');
    expect(ready.metadata.finalizers).toContain('install.operator.istio.io/finalizer');
    expect(forbidden(operator.logs())).toEqual([]);

    // What only the chart's escalate/bind, webhook and namespace rules allow.
    expect(await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: istioNs })).toBeDefined();
    expect(await cluster.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `istiod-clusterrole-${istioNs}` })).toBeDefined();
    expect(await cluster.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: `istiod-clusterrole-${istioNs}` })).toBeDefined();
    const webhooks = await cluster.list({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' }, { labelSelector: `install.operator.istio.io/owning-resource-namespace=${crNs}` });
    expect(webhooks.length).toBeGreaterThan(0);
    expect((await cluster.events(crNs, 'chart-demo')).some((e) => e.startsWith('Applied: '))).toBe(true);
    expect((await getLease(cluster, releaseNs, leaseName))?.holder).toBe(pod.name);
  });

  it('finalizes the deleted IstioOperator under the same identity, then releases the Lease', async () => {
    if (!operator) throw new Error('the operator did not start');
    await cluster.delete({ ...IOP, namespace: crNs, name: 'chart-demo' });
    await waitFor('the IstioOperator to be finalized', async () => !(await cluster.getIstioOperator(crNs, 'chart-demo')), 120_000).catch((e: Error) => {
      throw new Error(`${e.message}\nrefused requests:\n${forbidden(operator?.logs() ?? '').slice(0, 20).join('\n')}`);
    });
    expect(await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: istioNs, name: 'istiod' })).toBeUndefined();
    expect(await cluster.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `istiod-clusterrole-${istioNs}` })).toBeUndefined();
    await waitFor('the created namespace to be deleted', async () => {
      const nsObj = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: istioNs });
      return !nsObj || typeof nsObj.metadata.deletionTimestamp === 'string';
    }, 60_000);
    expect(forbidden(operator.logs())).toEqual([]);

    expect(await operator.stop()).toBe(0);
    operator = undefined;
    expect((await getLease(cluster, releaseNs, leaseName))?.holder).toBe('');
  });
});
