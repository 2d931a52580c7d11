import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../src/api/kube-object.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { buildUniqueName, createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { getLease, waitForLeaseHolder } from './support/lease.js';
import { readMetric, startOperator, type OperatorProcess } from './support/operator-process.js';
import { removeIstioOperator } from './support/remove-istio-operator.js';

// Two (then three) real operator processes campaign for one Lease. Timings are the operator's
// defaults (src/kube/leader-election.ts): lease 15 s, retry 2 s.
const LEASE_MS = 15_000;
const RETRY_MS = 2_000;
/** Request latency and our 100 ms polling of the Lease, on a loaded 2-core machine. */
const SLACK_MS = 2_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const IOP = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
const leaseName = buildUniqueName('e2e-leader');
const running = new Map<string, OperatorProcess>();
let leaseNs = '';
let ns = '';

async function startCandidate(identity: string): Promise<OperatorProcess> {
  const args = ['--leader-elect', '--leader-election-namespace', leaseNs, '--leader-election-id', leaseName];
  const proc = await startOperator(inject('kubeconfig'), args, { POD_NAME: identity });
  running.set(identity, proc);
  return proc;
}

const candidate = (identity: string): OperatorProcess => {
  const proc = running.get(identity);
  if (!proc) throw new Error(`no running candidate ${identity}`);
  return proc;
};
const reconciles = async (identity: string): Promise<number> => readMetric(await candidate(identity).metrics(), 'istio_operator_reconciles_total');
/** Minimal profile installed into the CR's own (unique) namespace. */
const istioOperator = (annotations: Record<string, string> = {}): KubeObject => ({
  ...IOP,
  metadata: { name: 'leader', namespace: ns, annotations },
  spec: { profile: 'minimal', values: { global: { istioNamespace: ns } } },
});
const istiod = () => cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod' });

beforeAll(async () => {
  const crd = yaml.load(readFileSync(path.join(root, 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await cluster.apply(crd, 'e2e-setup');
  await waitForCrdEstablished(cluster.clients, crd.metadata.name);
  leaseNs = await createTestNamespace(kc, 'e2e-lease');
  ns = await createTestNamespace(kc, 'e2e-leader-iop');
});

afterAll(async () => {
  // A leader (if one still runs) finalizes the CR; otherwise its finalizer is dropped.
  if (ns) await removeIstioOperator(cluster, ns, 'leader', running.size > 0 ? 60_000 : 0);
  for (const proc of running.values()) await proc.kill();
  if (leaseNs) await deleteTestNamespace(kc, leaseNs);
  if (ns) await deleteTestNamespace(kc, ns);
});

describe('leader election between operator processes', () => {
  const a = buildUniqueName('operator-a');
  const b = buildUniqueName('operator-b');
  const c = buildUniqueName('operator-c');
  let leader = '';
  let standby = '';

  it('lets exactly one candidate hold the Lease, and only that one reconciles', async () => {
    await Promise.all([startCandidate(a), startCandidate(b)]);
    leader = (await waitForLeaseHolder(cluster, leaseNs, leaseName, (h) => h === a || h === b)).holder;
    standby = leader === a ? b : a;
    // Two renewals later nothing changed hands, and only the holder says it leads.
    await new Promise((r) => setTimeout(r, 2 * RETRY_MS + 500));
    expect((await getLease(cluster, leaseNs, leaseName))?.holder).toBe(leader);
    expect(candidate(leader).logs()).toContain('Acquired leadership');
    expect(candidate(standby).logs()).toContain('Waiting for leadership');
    expect(candidate(standby).logs()).not.toContain('Acquired leadership');

    await cluster.apply(istioOperator());
    await waitFor('Ready=True', async () => conditionOf(await cluster.getIstioOperator(ns, 'leader'), 'Ready')?.status === 'True', 90_000);
    expect(await reconciles(leader)).toBeGreaterThan(0);
    expect(candidate(leader).logs()).toContain('Applied IstioOperator objects');
    expect(await reconciles(standby)).toBe(0);
    expect(readMetric(await candidate(standby).metrics(), 'istio_operator_api_write_requests_total')).toBe(0);
    expect(candidate(standby).logs()).not.toContain('Applied IstioOperator objects');
  });

  it('replaces a SIGKILLed leader once the Lease expires, and the new leader repairs drift', async () => {
    const killedAt = Date.now();
    await candidate(leader).kill();
    running.delete(leader);
    const { seenAt } = await waitForLeaseHolder(cluster, leaseNs, leaseName, (h) => h === standby, LEASE_MS + RETRY_MS + 10_000);
    const failoverMs = seenAt - killedAt;
    console.info(`failover after SIGKILL of the leader: ${failoverMs} ms (lease ${LEASE_MS} ms, retry ${RETRY_MS} ms)`);
    // The dead leader renewed at most one retry period before dying, and the standby respects the lease until it expires.
    expect(failoverMs).toBeGreaterThan(LEASE_MS - RETRY_MS - SLACK_MS);
    expect(failoverMs).toBeLessThanOrEqual(LEASE_MS + RETRY_MS + SLACK_MS);
    expect((await getLease(cluster, leaseNs, leaseName))?.transitions).toBe(1);
    [leader, standby] = [standby, ''];

    const before = await istiod();
    expect(before).toBeDefined();
    await cluster.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'istiod' });
    await waitFor('istiod to be recreated by the new leader', async () => {
      const d = await istiod();
      return d !== undefined && d.metadata.uid !== before?.metadata.uid;
    }, 30_000);
    // The counter moves when a reconcile finishes, which may be just after its apply.
    await waitFor('a finished reconcile on the new leader', async () => (await reconciles(leader)) > 0, 30_000);
    expect(candidate(leader).logs()).toContain('Applied IstioOperator objects');
    await waitFor('Ready=True after the repair', async () => conditionOf(await cluster.getIstioOperator(ns, 'leader'), 'Ready')?.status === 'True', 60_000);
  });

  it('hands over at once when the leader stops cleanly (SIGTERM releases the Lease)', async () => {
    await startCandidate(c);
    await new Promise((r) => setTimeout(r, RETRY_MS + 500));
    expect((await getLease(cluster, leaseNs, leaseName))?.holder).toBe(leader);
    expect(await reconciles(c)).toBe(0);

    const termAt = Date.now();
    const takeover = waitForLeaseHolder(cluster, leaseNs, leaseName, (h) => h === c, LEASE_MS);
    const code = await candidate(leader).stop();
    const { seenAt } = await takeover;
    const failoverMs = seenAt - termAt;
    console.info(`failover after SIGTERM of the leader: ${failoverMs} ms (lease ${LEASE_MS} ms, retry ${RETRY_MS} ms)`);
    expect(code, candidate(leader).logs().slice(-2000)).toBe(0);
    expect(candidate(leader).logs()).toContain('Stopped istio-operator');
    running.delete(leader);
    // Well under the lease duration: the standby found a released lease on its next retry.
    expect(failoverMs).toBeLessThanOrEqual(RETRY_MS + SLACK_MS);
    leader = c;

    await cluster.apply(istioOperator({ poke: 'after-sigterm' }));
    await waitFor('the new leader to reconcile', async () => (await reconciles(c)) > 0, 30_000);
  });

  it('lets the last leader finalize the IstioOperator and release the Lease on stop', async () => {
    await cluster.delete({ ...IOP, namespace: ns, name: 'leader' });
    await waitFor('the IstioOperator to be finalized', async () => !(await cluster.getIstioOperator(ns, 'leader')), 60_000);
    expect(await istiod()).toBeUndefined();
    expect(await candidate(leader).stop()).toBe(0);
    running.delete(leader);
    expect((await getLease(cluster, leaseNs, leaseName))?.holder).toBe('');
  });
});
