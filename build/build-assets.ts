// `npm run build` runs this after tsc: writes dist/assets (ADR 5). Usage: node dist/build/build-assets.js
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { builtAssetsDir, packageRoot } from '../src/assets/asset-paths.js';
import { formatIstioCrdFiles, ISTIO_CRD_BLOCKS_FILE, ISTIO_CRD_SPECS_FILE, ISTIO_CRDS_FILE } from '../src/assets/istio-crds.js';
import { downloadIstioApi, readIstioCrds } from './fetch-istio-crds.js';
import { bundleCli } from './bundle-cli.js';
import { precompileAssets } from './precompile-charts.js';

function main(): void {
  const root = packageRoot();
  const out = builtAssetsDir(root);
  mkdirSync(out, { recursive: true });
  const charts = precompileAssets(root, out);
  const crds = readIstioCrds(downloadIstioApi(path.join(root, 'build', 'istio-api')));
  const files = formatIstioCrdFiles(crds);
  writeFileSync(path.join(out, ISTIO_CRDS_FILE), files.json);
  writeFileSync(path.join(out, ISTIO_CRD_BLOCKS_FILE), files.blocks);
  writeFileSync(path.join(out, ISTIO_CRD_SPECS_FILE), files.specs);
  process.stdout.write(`dist/assets: ${charts.length} precompiled charts; ${crds.crds.length} CRDs from ${crds.source.module}@${crds.source.version}\n`);
  // Caches of the previous build describe other sources: drop them before the warm-up writes new ones.
  for (const f of readdirSync(path.join(out, 'charts'))) if (f.endsWith('.v8cache')) rmSync(path.join(out, 'charts', f));
  const bundle = bundleCli(path.join(root, 'dist'));
  process.stdout.write(`dist/bundle: ${bundle.modules} modules in ${path.relative(root, bundle.file)}\n`);
  execFileSync(process.execPath, [path.join(root, 'dist', 'build', 'warm-code-cache.js')], { stdio: 'inherit' });
}

try {
  main();
} catch (e) {
  process.stderr.write(`build-assets failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
