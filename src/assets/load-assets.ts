import path from 'node:path';
import { createTemplateEngine } from '../pipeline/template-compiler.js';
import type { AssetSet, CompiledChart } from '../pipeline/types.js';
import { builtAssetsDir, packageRoot } from './asset-paths.js';
import { lazyIstioCrds } from './istio-crds.js';
import { readCharts, readProfiles } from './read-sources.js';

export { packageRoot } from './asset-paths.js';

/**
 * The assets from their sources: profiles and charts read and compiled from `profiles/` and `charts/` (so a
 * test sees a chart edit without a build), the Istio CRDs from the build output (they have no source in the
 * repository, ADR 5). The CLI and the operator use the precompiled form instead (load-built-assets.ts).
 */
export function loadAssets(root: string = packageRoot()): AssetSet {
  const engine = createTemplateEngine();
  const charts = new Map<string, CompiledChart>();
  for (const chart of readCharts(path.join(root, 'charts'))) {
    charts.set(chart.name, { ...chart, templates: chart.templates.map((t) => ({ name: t.name, render: engine.compile(t.source) })) });
  }
  return { profiles: readProfiles(path.join(root, 'profiles')), charts, istioCrds: lazyIstioCrds(builtAssetsDir(root)) };
}
