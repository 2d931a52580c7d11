// `npm run build` runs this after tsc: writes dist/assets (ADR 5), one folder per version pack (ADR 13).
// Usage: node dist/build/build-assets.js
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtAssetsDir, builtPackDir, packageRoot, packsDir } from '../src/assets/asset-paths.js';
import { PACK_LIST_FILE, type BuiltPackList } from '../src/assets/built-assets-format.js';
import { formatIstioCrdFiles, ISTIO_CRD_BLOCKS_FILE, ISTIO_CRD_SPECS_FILE, ISTIO_CRDS_FILE } from '../src/assets/istio-crds.js';
import { listPacks, readPackSources } from '../src/assets/read-sources.js';
import { downloadIstioApi, readIstioCrds } from './fetch-istio-crds.js';
import { bundleCli } from './bundle-cli.js';
import { precompilePack } from './precompile-charts.js';

function main(): void {
  const root = packageRoot();
  const out = builtAssetsDir(root);
  const packs = listPacks(packsDir(root));
  // A pack removed from the sources must not linger in the output.
  rmSync(path.join(out, 'packs'), { recursive: true, force: true });
  for (const info of packs) {
    const dir = builtPackDir(info.version, out);
    mkdirSync(dir, { recursive: true });
    const charts = precompilePack(readPackSources(packsDir(root), info.version), dir);
    // Every pack pins the istio.io/api its release builds with; the CRDs are never inherited.
    const crds = readIstioCrds(downloadIstioApi(path.join(packsDir(root), info.version, 'istio-api')));
    const files = formatIstioCrdFiles(crds);
    writeFileSync(path.join(dir, ISTIO_CRDS_FILE), files.json);
    writeFileSync(path.join(dir, ISTIO_CRD_BLOCKS_FILE), files.blocks);
    writeFileSync(path.join(dir, ISTIO_CRD_SPECS_FILE), files.specs);
    process.stdout.write(`dist/assets/packs/${info.version}: ${charts.length} precompiled charts; ${crds.crds.length} CRDs from ${crds.source.module}@${crds.source.version}\n`);
  }
  const list: BuiltPackList = { packs };
  writeFileSync(path.join(out, PACK_LIST_FILE), `${JSON.stringify(list)}\n`);
  // Files of the single-pack layout that came before packs.
  for (const stale of ['index.json', 'charts', ISTIO_CRDS_FILE, ISTIO_CRD_BLOCKS_FILE, ISTIO_CRD_SPECS_FILE]) {
    if (existsSync(path.join(out, stale))) rmSync(path.join(out, stale), { recursive: true, force: true });
  }
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
