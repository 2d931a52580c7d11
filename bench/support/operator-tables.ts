// Tables for the operator benchmark: one row per apply -> Ready run, plus the median.
import type { BenchTable } from './report.js';
import { formatNumber, summarize, toMiB } from './stats.js';

export interface RunFigures {
  run: number;
  toReady: { ms: number; writes: number; reads: number; reconciles: number; objectsApplied: number; operatorCpuMs: number; sharedWithOtherOperator: boolean };
  noop: { writes: number; reads: number; reconciles: number; meanReconcileMs: number; events: string[] };
  /** Bytes, after the no-op reconcile and the idle wait. */
  rest: { vmRss: number; vmHwm: number; promRss: number; heapUsed: number };
  finalizeMs: number;
}

export interface OperatorContext {
  readinessRequeueSeconds: number;
  idleMs: number;
  operatorStartMs: number;
  startRss: number;
  server: string;
  reused: boolean;
  otherOperators: number[];
}

const medianOf = (runs: RunFigures[], pick: (r: RunFigures) => number): number => summarize(runs.map(pick)).median;
const f0 = (v: number): string => formatNumber(Math.round(v), 0);
const mib = (v: number): string => formatNumber(toMiB(v), 1);

function buildTable(title: string, columns: string[], runs: RunFigures[], cells: ((r: RunFigures) => number)[], fmt: ((v: number) => string)[], notes: string[]): BenchTable {
  const row = (label: string, value: (pick: (r: RunFigures) => number) => number): string[] => [label, ...cells.map((c, i) => (fmt[i] ?? f0)(value(c)))];
  return {
    title,
    columns,
    rows: [...runs.map((r) => row(`run ${r.run}`, (c) => c(r))), row('median', (c) => medianOf(runs, c))],
    notes,
  };
}

export function buildOperatorTables(runs: RunFigures[], ctx: OperatorContext): BenchTable[] {
  const ready = buildTable(
    'operator: demo IstioOperator apply -> Ready=True',
    ['run', 'ms to Ready', 'API writes', 'API reads', 'reconciles', 'objects applied', 'operator CPU ms', 'delete -> finalized ms'],
    runs,
    [(r) => r.toReady.ms, (r) => r.toReady.writes, (r) => r.toReady.reads, (r) => r.toReady.reconciles, (r) => r.toReady.objectsApplied, (r) => r.toReady.operatorCpuMs, (r) => r.finalizeMs],
    [],
    [
      `cluster ${ctx.server} (${ctx.reused ? 'reused' : 'started by the benchmark'}); operator \`run --readiness-requeue ${ctx.readinessRequeueSeconds}\`, /readyz after ${f0(ctx.operatorStartMs)} ms, RSS ${mib(ctx.startRss)} MiB then`,
      'ms to Ready: server-side apply of the CR until a GET (every 50 ms) shows Ready=True for the current generation',
      'writes/reads/reconciles/objects applied: deltas of the operator\'s /metrics counters over that span; CPU: /proc/<pid>/stat utime+stime',
      'one namespace for all runs (values.global.istioNamespace = it); the CR is deleted and finalized between runs',
      ctx.otherOperators.length === 0 ? 'no other `istio-operator run` process on this host' : `${ctx.otherOperators.length} other \`istio-operator run\` process(es) on this host (pids ${ctx.otherOperators.join(', ')})`,
      ...runs.filter((r) => r.toReady.sharedWithOtherOperator).map((r) =>
        `run ${r.run}: NOT ISOLATED - the operator created fewer objects than the CR renders, so another operator on the shared cluster reconciled it too; use --private-cluster`),
    ],
  );
  const noop = buildTable(
    'operator: no-op reconcile (annotation poke on the Ready CR) and memory at rest',
    ['run', 'API writes', 'API reads', 'reconciles', 'mean reconcile ms', 'VmRSS MiB', 'VmHWM MiB', 'prom RSS MiB', 'heapUsed MiB'],
    runs,
    [(r) => r.noop.writes, (r) => r.noop.reads, (r) => r.noop.reconciles, (r) => r.noop.meanReconcileMs, (r) => r.rest.vmRss, (r) => r.rest.vmHwm, (r) => r.rest.promRss, (r) => r.rest.heapUsed],
    [f0, f0, f0, (v) => formatNumber(v, 1), mib, mib, mib, mib],
    [
      runs.every((r) => r.noop.writes === 0) ? 'no-op writes: 0 in every run (as required)' : `NO-OP WROTE in run(s) ${runs.filter((r) => r.noop.writes !== 0).map((r) => r.run).join(', ')}`,
      ...runs.flatMap((r) => r.noop.events.map((e) => `  run ${r.run} event ${e.slice(0, 300)}`)),
      'no-op: after 2 s without a reconcile, apply an annotation; counters read 1.5 s after the first reconcile that follows',
      'mean reconcile ms: istio_operator_reconcile_duration_seconds sum/count over that span',
      `memory at rest: ${ctx.idleMs / 1000} s idle after the no-op, installation present; VmRSS/VmHWM from /proc/<pid>/status, ` +
        'prom RSS = istio_operator_process_resident_memory_bytes, heapUsed = istio_operator_nodejs_heap_size_used_bytes',
    ],
  );
  return [ready, noop];
}
