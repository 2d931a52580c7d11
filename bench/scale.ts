// Many IstioOperators at once: 1, 10, 30 minimal installations (own revision and namespace each), reconciled
// by one operator. Time until all are Ready, memory at rest, and the API requests of one no-op pass over all.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../src/api/kube-object.js';
import { loadBuiltCatalog } from '../src/assets/load-built-assets.js';
import { createKubeClients, type KubeClients } from '../src/kube/kube-client.js';
import { deleteObject } from '../src/kube/object-io.js';
import { readMetric, startOperator, type OperatorProcess } from '../e2e/support/operator-process.js';
import { acquireBenchCluster } from './support/bench-cluster.js';
import { applyOperatorCrd, cleanUpCrds } from './support/crd-setup.js';
import { IOP_TYPE, applyAsBench, createBenchNamespace, deleteNamespace, getIstioOperator, iopRef, isReadyNow, listIstioCrdNames, pollUntil, sleep } from './support/iop-client.js';
import { readProcStatusBytes } from './support/proc.js';
import type { BenchSection } from './support/report.js';
import { formatNumber, toMiB } from './support/stats.js';

export interface ScaleBenchOptions {
  counts: number[];
  idleMs: number;
  privateCluster: boolean;
}

interface StepFigures {
  count: number;
  readyMs: number;
  rssBytes: number;
  heapBytes: number;
  /** V8 heap committed, of it the young generation, memory outside the JS heap (Buffers, TLS): what RSS is made of. */
  heapTotalBytes: number;
  newSpaceBytes: number;
  externalBytes: number;
  noop: { reconciles: number; reads: number; writes: number };
}

const RECONCILES = 'istio_operator_reconciles_total';
const READS = 'istio_operator_api_read_requests_total';
const WRITES = 'istio_operator_api_write_requests_total';

/** The Istio releases the build has packs for, oldest first: the installations are spread over all of them. */
const RELEASES = loadBuiltCatalog().packs.map((p) => p.version);

/**
 * Installation i: minimal profile, revision r<i>, installed into its own namespace (no shared names but the
 * CRDs), on release i mod the number of packs (so every pack is loaded and the CRDs meet every release).
 */
function buildIstioOperator(crNamespace: string, installNamespace: string, i: number, annotations: Record<string, string> = {}): KubeObject {
  return {
    ...IOP_TYPE,
    metadata: { name: `scale-${i}`, namespace: crNamespace, annotations },
    spec: { profile: 'minimal', revision: `r${i}`, tag: RELEASES[i % RELEASES.length] as string, values: { global: { istioNamespace: installNamespace } } },
  };
}

async function waitQuiet(op: OperatorProcess, quietMs: number): Promise<void> {
  let last = readMetric(await op.metrics(), RECONCILES);
  let since = Date.now();
  await pollUntil('the operator to go quiet', async () => {
    const now = readMetric(await op.metrics(), RECONCILES);
    if (now !== last) [last, since] = [now, Date.now()];
    return Date.now() - since >= quietMs;
  }, 250, 120_000);
}

async function allReady(clients: KubeClients, ns: string, count: number): Promise<boolean> {
  for (let i = 0; i < count; i++) if (!isReadyNow(await getIstioOperator(clients, ns, `scale-${i}`))) return false;
  return true;
}

async function measureStep(clients: KubeClients, op: OperatorProcess, ns: string, installs: string[], from: number, count: number, idleMs: number): Promise<StepFigures> {
  const t0 = performance.now();
  for (let i = from; i < count; i++) await applyAsBench(clients, buildIstioOperator(ns, installs[i] ?? '', i));
  await pollUntil(`${count} IstioOperators Ready`, () => allReady(clients, ns, count), 200, 600_000);
  const readyMs = performance.now() - t0;
  await waitQuiet(op, 3000);
  // One no-op pass over all: an annotation wakes each without changing its spec.
  const before = await op.metrics();
  const poke = String(Date.now());
  for (let i = 0; i < count; i++) await applyAsBench(clients, buildIstioOperator(ns, installs[i] ?? '', i, { 'bench.istio-operator.test/poke': poke }));
  await pollUntil('a reconcile of each', async () => readMetric(await op.metrics(), RECONCILES) - readMetric(before, RECONCILES) >= count, 100, 120_000);
  await waitQuiet(op, 2000);
  const after = await op.metrics();
  await sleep(idleMs);
  const rest = await op.metrics();
  return {
    count,
    readyMs,
    rssBytes: readProcStatusBytes(op.pid, 'VmRSS'),
    heapBytes: readMetric(rest, 'istio_operator_nodejs_heap_size_used_bytes'),
    heapTotalBytes: readMetric(rest, 'istio_operator_nodejs_heap_size_total_bytes'),
    newSpaceBytes: readMetric(rest, 'istio_operator_nodejs_heap_space_size_total_bytes', { space: 'new' }),
    externalBytes: readMetric(rest, 'istio_operator_nodejs_external_memory_bytes'),
    noop: { reconciles: readMetric(after, RECONCILES) - readMetric(before, RECONCILES), reads: readMetric(after, READS) - readMetric(before, READS), writes: readMetric(after, WRITES) - readMetric(before, WRITES) },
  };
}

export async function runScaleBench(opts: ScaleBenchOptions): Promise<BenchSection> {
  const cluster = await acquireBenchCluster(opts.privateCluster);
  const clients = createKubeClients(cluster.kubeconfig);
  const max = Math.max(...opts.counts);
  const installs = Array.from({ length: max }, (_, i) => `bench-scale-${randomBytes(3).toString('hex')}-${i}`);
  const steps: StepFigures[] = [];
  let ns: string | undefined;
  let op: OperatorProcess | undefined;
  const crdsBefore = await listIstioCrdNames(clients);
  const cleanup: string[] = [];
  try {
    await applyOperatorCrd(clients);
    ns = await createBenchNamespace(clients);
    op = await startOperator(cluster.kubeconfig, ['--readiness-requeue', '1', '--namespaces', ns]);
    let done = 0;
    for (const count of [...opts.counts].sort((a, b) => a - b)) {
      steps.push(await measureStep(clients, op, ns, installs, done, count, opts.idleMs));
      done = count;
      process.stderr.write(`[bench] scale ${count}: all Ready after ${steps.at(-1)?.readyMs.toFixed(0)} ms\n`);
    }
  } finally {
    if (ns && op) {
      for (let i = 0; i < max; i++) await deleteObject(clients, iopRef(ns, `scale-${i}`)).catch(() => false);
      await pollUntil('every IstioOperator finalized', async () => {
        for (let i = 0; i < max; i++) if (await getIstioOperator(clients, ns ?? '', `scale-${i}`)) return false;
        return true;
      }, 500, 300_000).catch(() => undefined);
    }
    await op?.stop();
    for (const name of installs) await deleteNamespace(clients, name).catch(() => undefined);
    if (ns) await deleteNamespace(clients, ns);
    cleanup.push(await cleanUpCrds(clients, crdsBefore));
    cleanup.push(`cluster ${await cluster.release()}`);
  }
  const f0 = (v: number): string => formatNumber(Math.round(v), 0);
  return {
    name: 'scale',
    tables: [{
      title: `operator: N IstioOperators (minimal profile, own revision and namespace each, spread over the packs ${RELEASES.join(', ')}), one operator`,
      columns: ['IstioOperators', 'ms to all Ready', 'VmRSS MiB at rest', 'heapUsed MiB', 'heapTotal MiB', 'of it young gen MiB', 'external MiB', 'no-op pass reconciles', 'API reads', 'API writes', 'reads / reconcile'],
      rows: steps.map((s) => [String(s.count), f0(s.readyMs), formatNumber(toMiB(s.rssBytes), 1), formatNumber(toMiB(s.heapBytes), 1), formatNumber(toMiB(s.heapTotalBytes), 1), formatNumber(toMiB(s.newSpaceBytes), 1), formatNumber(toMiB(s.externalBytes), 1), f0(s.noop.reconciles), f0(s.noop.reads), f0(s.noop.writes), formatNumber(s.noop.reads / Math.max(1, s.noop.reconciles), 1)]),
      notes: [
        'steps are cumulative: the 10 include the first 1, the 30 the first 10; ms to all Ready: from applying the new CRs until a GET shows Ready=True on all',
        `no-op pass: an annotation poke on every CR; deltas of the operator's /metrics counters until 2 s without a reconcile; memory after ${opts.idleMs / 1000} s idle`,
        `clean-up: ${cleanup.join('; ')}`,
      ],
    }],
    data: { steps, cleanup },
  };
}
