import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonObject } from '../api/json.js';
import { buildSpecRules } from '../pipeline/pack-spec-rules.js';
import { createTemplateRuntime } from '../pipeline/template-runtime.js';
import type { AssetSet, CompiledChart } from '../pipeline/types.js';
import { createPackCatalog, type PackCatalog } from '../packs/pack-catalog.js';
import { resolveRenderer } from '../packs/pack-info.js';
import { builtAssetsDir, builtPackDir } from './asset-paths.js';
import { chartFile, INDEX_FILE, PACK_LIST_FILE, type BuiltAssetIndex, type BuiltChart, type BuiltPackList } from './built-assets-format.js';
import { lazyIstioCrds } from './istio-crds.js';
import { loadCachedScript } from '../startup/load-cached-script.js';

/** Every pack `npm run build` wrote, each read on first use (ADR 13). */
export function loadBuiltCatalog(dir: string = builtAssetsDir()): PackCatalog {
  const listFile = path.join(dir, PACK_LIST_FILE);
  if (!existsSync(listFile)) throw new Error(`${listFile} is missing: run \`npm run build\``);
  const list = JSON.parse(readFileSync(listFile, 'utf8')) as BuiltPackList;
  return createPackCatalog(list.packs, (info) => loadBuiltAssets(builtPackDir(info.version, dir)));
}

/**
 * One pack's assets as `npm run build` wrote them into dist/assets/packs/<version> (ADR 5): profiles as JSON, charts as
 * precompiled Handlebars modules rendered with the runtime only (run with the build's V8 code cache), the
 * Istio CRDs as JSON. A chart's module
 * and the CRD file are read when first used, so a command pays only for the components it renders.
 */
export function loadBuiltAssets(dir: string): AssetSet {
  const indexFile = path.join(dir, INDEX_FILE);
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run \`npm run build\``);
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as BuiltAssetIndex;
  return {
    pack: index.pack,
    specRules: buildSpecRules(index.chain),
    renderer: resolveRenderer(index.chain),
    profiles: new Map<string, JsonObject>(Object.entries(index.profiles)),
    charts: new LazyCharts(dir, index.charts),
    istioCrds: lazyIstioCrds(dir),
  };
}

/** A read-only map of charts that loads a chart's precompiled module on first access. */
class LazyCharts implements ReadonlyMap<string, CompiledChart> {
  private readonly loaded = new Map<string, CompiledChart>();
  private runtime: ReturnType<typeof createTemplateRuntime> | undefined;

  constructor(
    private readonly dir: string,
    private readonly names: readonly string[],
  ) {}

  get size(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  get(name: string): CompiledChart | undefined {
    if (!this.has(name)) return undefined;
    let chart = this.loaded.get(name);
    if (!chart) {
      const built = loadCachedScript(path.join(this.dir, chartFile(name))) as BuiltChart;
      const runtime = (this.runtime ??= createTemplateRuntime());
      chart = { name, values: built.values, templates: built.templates.map((t) => ({ name: t.name, render: runtime.load(t.spec) })) };
      this.loaded.set(name, chart);
    }
    return chart;
  }

  forEach(fn: (value: CompiledChart, key: string, map: ReadonlyMap<string, CompiledChart>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  *entries(): MapIterator<[string, CompiledChart]> {
    for (const name of this.names) yield [name, this.get(name) as CompiledChart];
  }

  keys(): MapIterator<string> {
    return this.names[Symbol.iterator]();
  }

  *values(): MapIterator<CompiledChart> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, CompiledChart]> {
    return this.entries();
  }
}
