// In-process render benchmark: buildDesiredState per profile, assets loaded once.
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../src/api/json.js';
import { loadAssets } from '../src/assets/load-assets.js';
import { buildDesiredState } from '../src/pipeline/build-desired-state.js';
import { INPUT_LIMITS, SPEC_TREE_LIMITS } from '../src/pipeline/input-limits.js';
import { buildLargestAcceptedSpec } from '../src/pipeline/fixtures/hostile-inputs.js';
import type { AssetSet, RenderRequest } from '../src/pipeline/types.js';
import type { BenchSection } from './support/report.js';
import { formatNumber, summarize, toMiB, type Summary } from './support/stats.js';

export interface RenderBenchOptions {
  runs: number;
  warmup: number;
}

interface RenderCase {
  name: string;
  spec: JsonObject;
}

const PROFILES = ['default', 'demo', 'minimal', 'empty', 'preview', 'stable'] as const;
const ALL_ADDONS = { prometheus: { enabled: true }, grafana: { enabled: true }, kiali: { enabled: true }, jaeger: { enabled: true } };

const CASES: readonly RenderCase[] = [
  ...PROFILES.map((profile) => ({ name: profile, spec: { profile } })),
  { name: 'demo + 4 addons', spec: { profile: 'demo', addonComponents: ALL_ADDONS } },
  // The largest IstioOperators the validator accepts, what one tenant's CR can cost the operator per render:
  // all gateways, and the value budget spent on overlay patches or on free-form values (the costlier).
  { name: 'worst: gateways + patches', spec: buildLargestAcceptedSpec({ ...INPUT_LIMITS, specNodes: SPEC_TREE_LIMITS.maxNodes }) as JsonObject },
  { name: 'worst: gateways + values', spec: buildLargestAcceptedSpec({ ...INPUT_LIMITS, overlayPatchesInAll: 0, specNodes: SPEC_TREE_LIMITS.maxNodes }) as JsonObject },
];

interface CaseResult {
  name: string;
  objects: number;
  firstMs: number;
  ms: Summary;
}

function buildRequest(spec: JsonObject): RenderRequest {
  const document = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'bench', namespace: 'istio-system' }, spec };
  // An owner, as the reconciler renders with one (adds the ownership labels).
  return { documents: [document], setFlags: [], owner: { name: 'bench', namespace: 'istio-system' } };
}

function renderOnce(request: RenderRequest, assets: AssetSet): number {
  const result = buildDesiredState(request, assets);
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.errors)}`);
  return result.value.objects.length;
}

export async function runRenderBench(opts: RenderBenchOptions): Promise<BenchSection> {
  const loadStart = performance.now();
  const assets = loadAssets();
  const assetLoadMs = performance.now() - loadStart;

  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const results: CaseResult[] = [];
  for (const c of CASES) {
    const request = buildRequest(c.spec);
    // The first call of a case pays for JIT and for Handlebars' lazy compile of templates not used before.
    const f0 = performance.now();
    const objects = renderOnce(request, assets);
    const firstMs = performance.now() - f0;
    for (let i = 0; i < opts.warmup; i++) renderOnce(request, assets);
    const samples: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const t0 = performance.now();
      renderOnce(request, assets);
      samples.push(performance.now() - t0);
      // Sampled outside the timed section; one sample per render catches each GC cycle's high point closely enough.
      const mem = process.memoryUsage();
      peakRss = Math.max(peakRss, mem.rss);
      peakHeap = Math.max(peakHeap, mem.heapUsed);
    }
    results.push({ name: c.name, objects, firstMs, ms: summarize(samples) });
    // Let the event loop breathe between cases (keeps timers and I/O of the host process honest).
    await new Promise((r) => setImmediate(r));
  }

  const ms = (v: number): string => formatNumber(v, 2);
  return {
    name: 'render',
    tables: [
      {
        title: `render: buildDesiredState in-process (${opts.warmup} warm-up + ${opts.runs} timed runs per case)`,
        columns: ['case', 'objects', 'first ms', 'median ms', 'p95 ms', 'min ms', 'max ms'],
        rows: results.map((r) => [r.name, String(r.objects), ms(r.firstMs), ms(r.ms.median), ms(r.ms.p95), ms(r.ms.min), ms(r.ms.max)]),
        notes: [
          `loadAssets() (read + parse profiles and chart values, Handlebars compile() per template), once: ${ms(assetLoadMs)} ms`,
          'first ms: the case\'s first render, not in the statistics (JIT; Handlebars compiles a template on its first use)',
          `memory: RSS ${formatNumber(toMiB(before.rss))} MiB before the loop, peak ${formatNumber(toMiB(peakRss))} MiB; ` +
            `heapUsed ${formatNumber(toMiB(before.heapUsed))} MiB before, peak ${formatNumber(toMiB(peakHeap))} MiB (sampled after every timed render; ` +
            'runs first, before any other benchmark module or client-node is loaded)',
        ],
      },
    ],
    data: {
      assetLoadMs,
      runs: opts.runs,
      warmup: opts.warmup,
      cases: results,
      memory: { rssBeforeBytes: before.rss, rssPeakBytes: peakRss, heapUsedBeforeBytes: before.heapUsed, heapUsedPeakBytes: peakHeap },
    },
  };
}
