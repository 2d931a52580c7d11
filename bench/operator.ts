// The running operator against the local control plane: demo apply -> Ready, a no-op reconcile, memory at rest.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createKubeClients, type KubeClients } from '../src/kube/kube-client.js';
import { deleteObject } from '../src/kube/object-io.js';
import { readMetric } from '../e2e/support/operator-process.js';
import { acquireBenchCluster } from './support/bench-cluster.js';
import { applyOperatorCrd, cleanUpCrds } from './support/crd-setup.js';
import {
  applyAsBench, buildDemoIstioOperator, createBenchNamespace, deleteNamespace,
  getIstioOperator, iopRef, isReadyNow, listEventNotesSince, listIstioCrdNames, pollUntil, sleep,
} from './support/iop-client.js';
import { computeExpectedCreates, listOtherOperatorPids } from './support/foreign-operators.js';
import { startOperator, type OperatorProcess } from '../e2e/support/operator-process.js';
import { readProcCpuMs, readProcStatusBytes } from './support/proc.js';
import type { BenchSection } from './support/report.js';
import { buildOperatorTables, type RunFigures } from './support/operator-tables.js';

export interface OperatorBenchOptions {
  runs: number;
  readinessRequeueSeconds: number;
  idleMs: number;
  /** Own control plane in <repo>/.e2e/bench-cluster (started and stopped here) instead of the shared one. */
  privateCluster: boolean;
}

const NAME = 'bench-demo';
const M = {
  writes: 'istio_operator_api_write_requests_total',
  reads: 'istio_operator_api_read_requests_total',
  reconciles: 'istio_operator_reconciles_total',
  applied: 'istio_operator_objects_applied_total',
  created: 'istio_operator_objects_applied_total{action="created"}',
  durationSum: 'istio_operator_reconcile_duration_seconds_sum',
  durationCount: 'istio_operator_reconcile_duration_seconds_count',
  rss: 'istio_operator_process_resident_memory_bytes',
  heap: 'istio_operator_nodejs_heap_size_used_bytes',
} as const;

/** Counter delta; `name{k="v"}` selects one label set. */
function delta(before: string, after: string, selector: string): number {
  const m = /^([^{]+)(?:\{(\w+)="([^"]*)"\})?$/.exec(selector);
  const [name, labels] = m?.[2] ? [m[1] ?? selector, { [m[2]]: m[3] ?? '' }] : [selector, {}];
  return readMetric(after, name, labels) - readMetric(before, name, labels);
}

/** Until no reconcile has finished for `quietMs` (the status write and owned-object events settle). */
async function waitQuiet(op: OperatorProcess, quietMs: number): Promise<void> {
  let last = readMetric(await op.metrics(), M.reconciles);
  let since = Date.now();
  await pollUntil('the operator to go quiet', async () => {
    const now = readMetric(await op.metrics(), M.reconciles);
    if (now !== last) [last, since] = [now, Date.now()];
    return Date.now() - since >= quietMs;
  }, 250, 60_000);
}

async function measureRun(clients: KubeClients, op: OperatorProcess, ns: string, opts: OperatorBenchOptions, index: number): Promise<RunFigures> {
  const iop = buildDemoIstioOperator(NAME, ns);
  const [m0, cpu0] = [await op.metrics(), readProcCpuMs(op.pid)];
  const t0 = performance.now();
  await applyAsBench(clients, iop);
  await pollUntil('Ready=True', async () => isReadyNow(await getIstioOperator(clients, ns, NAME)), 50, 180_000);
  const readyMs = performance.now() - t0;
  // The counters are bumped when a reconcile ends, just after its status write: wait for that pass's figures.
  await pollUntil('the Ready pass to be counted', async () => delta(m0, await op.metrics(), M.reconciles) > 0, 50, 10_000);
  const [m1, cpu1] = [await op.metrics(), readProcCpuMs(op.pid)];

  await waitQuiet(op, 2000);
  const m2 = await op.metrics();
  // An annotation wakes a reconcile without changing the spec (generation stays).
  const pokedAt = Date.now();
  await applyAsBench(clients, buildDemoIstioOperator(NAME, ns, { 'bench.istio-operator.test/poke': String(Date.now()) }));
  await pollUntil('a reconcile after the poke', async () => delta(m2, await op.metrics(), M.reconciles) > 0, 50, 30_000);
  await sleep(1500);
  const m3 = await op.metrics();
  // A no-op that wrote says why: the Applied/DriftCorrected events name what it changed.
  const noopEvents = delta(m2, m3, M.writes) > 0 ? await listEventNotesSince(clients, ns, NAME, pokedAt) : [];

  await sleep(opts.idleMs);
  const m4 = await op.metrics();
  const rest = { vmRss: readProcStatusBytes(op.pid, 'VmRSS'), vmHwm: readProcStatusBytes(op.pid, 'VmHWM'), promRss: readMetric(m4, M.rss), heapUsed: readMetric(m4, M.heap) };

  const t1 = performance.now();
  await deleteObject(clients, iopRef(ns, NAME));
  await pollUntil('the IstioOperator to be finalized', async () => !(await getIstioOperator(clients, ns, NAME)), 50, 180_000);
  const finalizeMs = performance.now() - t1;

  return {
    run: index + 1,
    toReady: {
      ms: readyMs, writes: delta(m0, m1, M.writes), reads: delta(m0, m1, M.reads), reconciles: delta(m0, m1, M.reconciles),
      objectsApplied: delta(m0, m1, M.applied), operatorCpuMs: cpu1 - cpu0,
      sharedWithOtherOperator: delta(m0, m1, M.created) < computeExpectedCreates(iop),
    },
    noop: {
      writes: delta(m2, m3, M.writes), reads: delta(m2, m3, M.reads), reconciles: delta(m2, m3, M.reconciles),
      meanReconcileMs: (delta(m2, m3, M.durationSum) / Math.max(1, delta(m2, m3, M.durationCount))) * 1000,
      events: noopEvents,
    },
    rest,
    finalizeMs,
  };
}

export async function runOperatorBench(opts: OperatorBenchOptions): Promise<BenchSection> {
  const cluster = await acquireBenchCluster(opts.privateCluster);
  const clients = createKubeClients(cluster.kubeconfig);
  const cleanup: string[] = [];
  let op: OperatorProcess | undefined;
  let ns: string | undefined;
  let crdsBefore: Set<string> | undefined;
  let section: BenchSection | undefined;
  try {
    crdsBefore = await listIstioCrdNames(clients);
    await applyOperatorCrd(clients);
    ns = await createBenchNamespace(clients);
    const t0 = performance.now();
    // Only our namespace: the cluster may be shared with test runs whose IstioOperators are not ours to touch.
    op = await startOperator(cluster.kubeconfig, ['--readiness-requeue', String(opts.readinessRequeueSeconds), '--namespaces', ns]);
    const operatorStartMs = performance.now() - t0;
    const startRss = readProcStatusBytes(op.pid, 'VmRSS');
    const runs: RunFigures[] = [];
    for (let i = 0; i < opts.runs; i++) {
      runs.push(await measureRun(clients, op, ns, opts, i));
      process.stderr.write(`[bench] operator run ${i + 1}/${opts.runs}: Ready after ${runs[i]?.toReady.ms.toFixed(0)} ms\n`);
    }
    const otherOperators = listOtherOperatorPids(op.pid);
    const context = { ...opts, operatorStartMs, startRss, server: cluster.server, reused: cluster.reused, otherOperators };
    section = { name: 'operator', tables: buildOperatorTables(runs, context), data: { ...opts, server: cluster.server, reused: cluster.reused, otherOperators, operatorStartMs, startRssBytes: startRss, runs, cleanup } };
  } finally {
    // Also after a failure: never leave a CR with a finalizer behind a stopped operator.
    if (ns && op && (await getIstioOperator(clients, ns, NAME).catch(() => undefined))) {
      await deleteObject(clients, iopRef(ns, NAME));
      await pollUntil('the IstioOperator to be finalized', async () => !(await getIstioOperator(clients, ns ?? '', NAME)), 250, 120_000).catch(() => undefined);
    }
    const code = await op?.stop();
    if (op && process.env.BENCH_OPERATOR_LOG) writeFileSync(process.env.BENCH_OPERATOR_LOG, op.logs());
    if (code !== undefined && code !== 0) process.stderr.write(`[bench] operator exited ${code}; log tail:\n${op?.logs().slice(-3000)}\n`);
    if (ns) await deleteNamespace(clients, ns);
    if (crdsBefore) cleanup.push(await cleanUpCrds(clients, crdsBefore));
    cleanup.push(`cluster ${await cluster.release()}`);
  }
  section?.tables.at(-1)?.notes?.push(`clean-up: ${cleanup.join('; ')}`);
  return section as BenchSection;
}
