import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../src/api/json.js';
import type { KubeObject } from '../src/api/kube-object.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { KubeApiError } from '../src/kube/kube-errors.js';
import { resolveRepoRoot } from './cluster/paths.js';
import { startFaultCluster, type FaultCluster } from './faults/fault-cluster.js';
import { generateMalformedCases } from './faults/malformed-iops.js';
import { conditionOf, createClusterClient, waitFor, type ClusterClient } from './support/cluster-client.js';
import { waitForLeaseHolder } from './support/lease.js';
import { readMetric, startOperator, type OperatorProcess } from './support/operator-process.js';

// The operator against a control plane of this suite's own (e2e/faults/fault-cluster.ts): its apiserver
// and etcd are stopped, frozen and restarted here, which must not disturb the shared test cluster.
// The recovery figures are printed at the end ("fault recovery figures").
const MESH = 'faults-mesh';
const BAD = 'faults-bad';
const LEASE_NS = 'faults-lease';
/** Drift restored after the fault is over; the watches' own reconnect backoff is capped at 30 s. */
const RECOVERY_BOUND_MS = 30_000;
const IOP = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
const istiodRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: MESH, name: 'istiod' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let fc: FaultCluster;
let cluster: ClusterClient;
const operators: OperatorProcess[] = [];
const figures: string[] = [];
let operator: OperatorProcess;

const meshIop = (annotations: Record<string, string> = {}, components: JsonObject = {}): KubeObject => ({
  ...IOP,
  metadata: { name: 'mesh', namespace: MESH, annotations },
  spec: { profile: 'minimal', components, values: { global: { istioNamespace: MESH } } },
});
const start = async (args: string[] = [], env: Record<string, string> = {}): Promise<OperatorProcess> => {
  const proc = await startOperator(fc.kubeconfig, args, env);
  operators.push(proc);
  return proc;
};
const alive = (proc: OperatorProcess): Promise<boolean> => Promise.race([proc.exited.then(() => false), sleep(50).then(() => true)]);
const ready = async (): Promise<boolean> => conditionOf(await cluster.getIstioOperator(MESH, 'mesh'), 'Ready')?.status === 'True';

/** Deletes istiod and measures until the operator has recreated it: the proof that watches and workers are back. */
async function measureDriftRestore(fault: string): Promise<number> {
  const before = await cluster.get(istiodRef);
  const started = Date.now();
  await cluster.delete(istiodRef);
  await waitFor(`istiod recreated after ${fault}`, async () => {
    const d = await cluster.get(istiodRef);
    return d !== undefined && d.metadata.uid !== before?.metadata.uid;
  }, 90_000, 100).catch(async (err: Error) => {
    // What the cluster and the operator say: enough to tell a stuck operator from a stuck control plane.
    const iop = await cluster.getIstioOperator(MESH, 'mesh').catch((e: Error) => e.message);
    const istiod = await cluster.get(istiodRef).catch((e: Error) => e.message);
    throw new Error(`${err.message}\n--- istiod: ${JSON.stringify(istiod).slice(0, 800)}\n--- IstioOperator: ${JSON.stringify(iop).slice(0, 1500)}\n--- operator log tail:\n${operator.logs().slice(-4000)}`);
  });
  const ms = Date.now() - started;
  figures.push(`${fault}: deleted istiod recreated ${ms} ms after the control plane was back`);
  return ms;
}

beforeAll(async () => {
  fc = await startFaultCluster();
  const kc = new KubeConfig();
  kc.loadFromFile(fc.kubeconfig);
  cluster = createClusterClient(kc);
  const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  for (const name of [MESH, BAD, LEASE_NS]) await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  operator = await start();
  const t0 = Date.now();
  await cluster.apply(meshIop());
  await waitFor('the mesh to be Ready', ready, 120_000);
  figures.push(`initial install Ready in ${Date.now() - t0} ms`);
}, 600_000);

afterAll(async () => {
  console.info(`fault recovery figures:\n  ${figures.join('\n  ')}`);
  for (const proc of operators) {
    try {
      process.kill(proc.pid, 'SIGCONT');
    } catch {
      // gone
    }
    await proc.kill();
  }
  await fc?.down();
}, 120_000);

describe('the operator survives control-plane faults', () => {
  it('recovers after the apiserver was stopped for 60 s', async () => {
    await fc.stop('kube-apiserver');
    await sleep(60_000);
    await fc.start('kube-apiserver');
    expect(await measureDriftRestore('apiserver stopped 60 s')).toBeLessThan(RECOVERY_BOUND_MS);
    expect(await alive(operator)).toBe(true);
  });

  it('recovers after the apiserver was SIGSTOPped for 90 s mid-reconcile (no worker hangs)', async () => {
    await cluster.apply(meshIop({ poke: 'before-freeze' }));
    await fc.freeze('kube-apiserver');
    await sleep(90_000);
    await fc.thaw('kube-apiserver');
    await waitFor('the apiserver to answer', async () => (await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: MESH })) !== undefined, 60_000);
    expect(await measureDriftRestore('apiserver SIGSTOPped 90 s')).toBeLessThan(RECOVERY_BOUND_MS);
    expect(await alive(operator)).toBe(true);
  });

  it('recovers after an etcd restart', async () => {
    await fc.stop('etcd');
    await fc.start('etcd');
    await waitFor('the apiserver to serve again', async () => (await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: MESH })) !== undefined, 60_000);
    expect(await measureDriftRestore('etcd restarted')).toBeLessThan(RECOVERY_BOUND_MS);
  });

  it('recovers after an etcd compaction and an apiserver restart (watches resume past the compacted revision)', async () => {
    await fc.compactEtcd();
    await fc.stop('kube-apiserver');
    await fc.start('kube-apiserver');
    expect(await measureDriftRestore('etcd compacted + apiserver restarted')).toBeLessThan(RECOVERY_BOUND_MS);
  });

  it('converges after a SIGKILL mid-apply, and the next pass is a no-op', async () => {
    // The long outages above outlast the simulated node's 40 s lease: the node controller marks it
    // NotReady and taints it, and a new gateway pod stays Pending until kwok's heartbeat clears that.
    // Wait for the node first, so the figure below times the operator, not the node's recovery.
    const nodeWait = Date.now();
    const nodeState = await waitFor('the simulated node Ready and untainted', async () => {
      const [node] = await cluster.list({ apiVersion: 'v1', kind: 'Node' });
      const status = node?.status as { conditions?: { type: string; status: string }[] } | undefined;
      const taints = (node?.spec as { taints?: unknown[] } | undefined)?.taints ?? [];
      return status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true && taints.length === 0 && 'ready';
    }, 300_000, 500);
    figures.push(`simulated node ${nodeState} again ${Date.now() - nodeWait} ms into the SIGKILL test`);
    await cluster.apply(meshIop({}, { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] }));
    // The gateway's first object exists: the apply is under way. Kill the operator right there.
    await waitFor('the apply to start', async () => (await cluster.list({ apiVersion: 'v1', kind: 'ServiceAccount' }, { namespace: MESH })).some((s) => s.metadata.name.includes('ingressgateway')), 60_000, 20);
    await operator.kill();
    const gatewayObjects = (await cluster.list({ apiVersion: 'apps/v1', kind: 'Deployment' }, { namespace: MESH })).length;
    const restarted = Date.now();
    operator = await start();
    await waitFor('Ready with the gateway', async () => (await ready()) && (await cluster.get({ ...istiodRef, name: 'istio-ingressgateway' })) !== undefined, 120_000);
    // Where the time went: the gateway pod's creation (controller-manager) and scheduling (scheduler).
    const [pod] = await cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: MESH, labelSelector: 'app=istio-ingressgateway' });
    const at = (t: unknown): string => (typeof t === 'string' ? `${Date.parse(t) - restarted} ms` : '?');
    const scheduled = ((pod?.status as { conditions?: { type: string; lastTransitionTime?: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    figures.push(`SIGKILL mid-apply (${gatewayObjects} Deployments present at the kill): Ready ${Date.now() - restarted} ms after the restart (gateway pod created at ${at(pod?.metadata.creationTimestamp)}, scheduled at ${at(scheduled?.lastTransitionTime)})`);
    const writes = readMetric(await operator.metrics(), 'istio_operator_api_write_requests_total');
    const reconciles = readMetric(await operator.metrics(), 'istio_operator_reconciles_total');
    const mark = operator.logs().length;
    await cluster.apply(meshIop({ poke: 'after-kill' }, { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] }));
    await waitFor('one more reconcile', async () => readMetric(await operator.metrics(), 'istio_operator_reconciles_total') > reconciles, 30_000);
    expect(readMetric(await operator.metrics(), 'istio_operator_api_write_requests_total')).toBe(writes);
    expect(operator.logs().slice(mark)).not.toContain('Applied IstioOperator objects');
  });

  it('with two operators, only the leader writes, and a leader that lost its lease stops writing at once and exits 1', async () => {
    await operator.stop();
    const args = ['--leader-elect', '--leader-election-namespace', LEASE_NS, '--leader-election-id', 'faults'];
    const [a, b] = await Promise.all([start(args, { POD_NAME: 'faults-a' }), start(args, { POD_NAME: 'faults-b' })]);
    const { holder } = await waitForLeaseHolder(cluster, LEASE_NS, 'faults', (h) => h === 'faults-a' || h === 'faults-b', 30_000);
    const [leader, standby] = holder === 'faults-a' ? [a, b] : [b, a];
    await measureDriftRestore('(leader election) drift with two candidates').catch((err: Error) => {
      // Both candidates' last log lines: what the leader was doing instead of restoring istiod.
      throw new Error(`${err.message}\n--- leader ${holder} log tail:\n${leader.logs().slice(-4000)}\n--- standby log tail:\n${standby.logs().slice(-2000)}`);
    });
    expect(readMetric(await standby.metrics(), 'istio_operator_api_write_requests_total')).toBe(0);

    // Freeze the leader past its lease: the standby takes over while the old leader cannot notice.
    process.kill(leader.pid, 'SIGSTOP');
    const frozenAt = Date.now();
    const { seenAt } = await waitForLeaseHolder(cluster, LEASE_NS, 'faults', (h) => h === (holder === 'faults-a' ? 'faults-b' : 'faults-a'), 40_000);
    figures.push(`leader frozen: standby took the lease after ${seenAt - frozenAt} ms (lease 15 s)`);
    // Drift the old leader will see in its watch backlog on waking, and would act on if not fenced.
    await cluster.delete(istiodRef);
    await waitFor('the new leader to restore istiod', async () => (await cluster.get(istiodRef)) !== undefined, 30_000);
    const mark = leader.logs().length;
    const thawed = Date.now();
    process.kill(leader.pid, 'SIGCONT');
    const code = await Promise.race([leader.exited, sleep(20_000).then(() => 'still running')]);
    figures.push(`old leader thawed: exited with ${String(code)} after ${Date.now() - thawed} ms`);
    expect(code).toBe(1);
    const after = leader.logs().slice(mark);
    expect(after).toContain('Lost leadership');
    expect(after).not.toContain('Applied IstioOperator objects');
    operator = standby;
    await waitFor('Ready under the new leader', ready, 60_000);
  });
});

describe('200 generated malformed IstioOperators', () => {
  it('are each refused by the apiserver or Stalled naming the field, with nothing deleted from a valid installation', { timeout: 420_000 }, async () => {
    const owned = async () => new Map((await cluster.list({ apiVersion: 'apps/v1', kind: 'Deployment' }, { namespace: MESH })).map((d) => [d.metadata.name, d.metadata.uid]));
    const before = await owned();
    const cases = generateMalformedCases(BAD);
    const created: { name: string; field: string; family: string }[] = [];
    const refused: string[] = [];
    for (const [i, c] of cases.entries()) {
      const name = `bad-${String(i).padStart(3, '0')}`;
      try {
        // Strict, as kubectl sends it: an unknown field the CRD schema would silently prune is refused instead.
        const query = { fieldValidation: 'Strict' };
        await cluster.clients.rest({ method: 'POST', path: `/apis/install.istio.io/v1alpha1/namespaces/${BAD}/istiooperators`, query, body: { ...IOP, metadata: { name, namespace: BAD }, spec: c.spec } });
        created.push({ name, field: c.field, family: c.family });
      } catch (err) {
        expect(err).toBeInstanceOf(KubeApiError);
        expect((err as KubeApiError).code).toBeLessThan(500);
        expect((err as Error).message, c.family).toContain(c.field.split('.').at(-1)?.slice(0, 40) ?? '');
        refused.push(`${c.family}: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    const started = Date.now();
    const unsettled = (): Promise<string[]> =>
      cluster.list(IOP, { namespace: BAD }).then((items) =>
        created.filter((c) => {
          const iop = items.find((o) => o.metadata.name === c.name) as Parameters<typeof conditionOf>[0];
          const stalled = conditionOf(iop, 'Stalled');
          return !(stalled?.status === 'True' && stalled.message.includes(c.field));
        }).map((c) => c.name),
      );
    let left: string[] = [];
    await waitFor('every malformed IstioOperator Stalled naming its field', async () => (left = await unsettled()).length === 0, 240_000, 1_000).catch((e: Error) => {
      throw new Error(`${e.message}; unsettled: ${left.slice(0, 10).join(', ')}`);
    });
    figures.push(`200 malformed IstioOperators: ${refused.length} refused by the apiserver, ${created.length} Stalled naming the field within ${Date.now() - started} ms`);
    expect(await alive(operator)).toBe(true);
    expect(await owned()).toEqual(before);
    expect(await ready()).toBe(true);
  });
});
