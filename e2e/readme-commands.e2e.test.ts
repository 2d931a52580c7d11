// The README's in-cluster commands, run as written with the pinned kubectl on a cluster that has no
// istio-system namespace: `kubectl apply -f examples/demo-with-addons.yaml`, then `kubectl wait`.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClusterClient, waitFor } from './support/cluster-client.js';
import { kubectl } from './support/kubectl.js';
import { startOperator, type OperatorProcess } from './support/operator-process.js';

const cluster = createClusterClient();
let operator: OperatorProcess | undefined;

beforeAll(async () => {
  const crd = await kubectl(['apply', '--server-side', '-f', 'crds/istio-operator.yaml']);
  expect(crd.code, crd.stderr).toBe(0);
  const established = await kubectl(['wait', '--for=condition=Established', 'crd/istiooperators.install.istio.io', '--timeout=60s']);
  expect(established.code, established.stderr).toBe(0);
  operator = await startOperator(inject('kubeconfig'));
});

afterAll(async () => {
  const code = await operator?.stop();
  expect(code, operator?.logs().slice(-3000)).toBe(0);
});

describe('README: kubectl apply -f examples/demo-with-addons.yaml', () => {
  it('works on a fresh cluster, Ready through kubectl wait, and kubectl delete -f removes it all', async () => {
    expect((await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' }))).toBeUndefined();

    const applied = await kubectl(['apply', '-f', 'examples/demo-with-addons.yaml']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('namespace/istio-system created');
    expect(applied.stdout).toContain('istiooperator.install.istio.io/demo created');

    const waited = await kubectl(['wait', '--for=condition=Ready', 'istiooperator/demo', '-n', 'istio-system', '--timeout=120s']);
    expect(waited.code, `${waited.stderr}\n${operator?.logs().slice(-3000)}`).toBe(0);

    const deleted = await kubectl(['delete', '-f', 'examples/demo-with-addons.yaml', '--wait=true', '--timeout=120s']);
    expect(deleted.code, deleted.stderr).toBe(0);
    await waitFor('istio-system to be gone', async () => (await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' })) === undefined, 120_000);
  });
});
