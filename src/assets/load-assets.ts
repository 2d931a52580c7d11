import { buildSpecRules } from '../pipeline/pack-spec-rules.js';
import { createTemplateEngine } from '../pipeline/template-compiler.js';
import type { AssetSet, CompiledChart } from '../pipeline/types.js';
import { createPackCatalog, type PackCatalog } from '../packs/pack-catalog.js';
import { resolveRenderer } from '../packs/pack-info.js';
import { builtAssetsDir, builtPackDir, packageRoot, packsDir } from './asset-paths.js';
import { lazyIstioCrds } from './istio-crds.js';
import { listPacks, readPackSources } from './read-sources.js';

export { packageRoot } from './asset-paths.js';

/**
 * One pack's assets from their sources: profiles and charts read and compiled from `packs/` (so a test sees
 * a chart edit without a build), the Istio CRDs from the build output (they have no source in the
 * repository, ADR 5). Without a version: the newest pack. The CLI and the operator use the precompiled form
 * instead (load-built-assets.ts).
 */
export function loadAssets(version?: string, root: string = packageRoot()): AssetSet {
  const catalog = loadSourceCatalog(root);
  return catalog.load(version ?? catalog.defaultVersion);
}

const sourceCatalogs = new Map<string, PackCatalog>();

/** Every pack from its sources, each compiled on first use (and once per process). */
export function loadSourceCatalog(root: string = packageRoot()): PackCatalog {
  let catalog = sourceCatalogs.get(root);
  if (!catalog) {
    const dir = packsDir(root);
    catalog = createPackCatalog(listPacks(dir), (info) => {
      const sources = readPackSources(dir, info.version);
      const engine = createTemplateEngine();
      const charts = new Map<string, CompiledChart>();
      for (const chart of sources.charts) {
        charts.set(chart.name, { ...chart, templates: chart.templates.map((t) => ({ name: t.name, render: engine.compile(t.source) })) });
      }
      return { pack: sources.info, specRules: buildSpecRules(sources.chain), renderer: resolveRenderer(sources.chain), profiles: sources.profiles, charts, istioCrds: lazyIstioCrds(builtPackDir(info.version, builtAssetsDir(root))) };
    });
    sourceCatalogs.set(root, catalog);
  }
  return catalog;
}
