// `npm run build` runs this after tsc: writes dist/assets (ADR 5). Usage: node dist/build/build-assets.js
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { builtAssetsDir, packageRoot } from '../src/assets/asset-paths.js';
import { ISTIO_CRDS_FILE } from '../src/assets/istio-crds.js';
import { downloadIstioApi, readIstioCrds } from './fetch-istio-crds.js';
import { precompileAssets } from './precompile-charts.js';

function main(): void {
  const root = packageRoot();
  const out = builtAssetsDir(root);
  mkdirSync(out, { recursive: true });
  const charts = precompileAssets(root, out);
  const crds = readIstioCrds(downloadIstioApi(path.join(root, 'build', 'istio-api')));
  writeFileSync(path.join(out, ISTIO_CRDS_FILE), `${JSON.stringify(crds)}\n`);
  process.stdout.write(`dist/assets: ${charts.length} precompiled charts; ${crds.crds.length} CRDs from ${crds.source.module}@${crds.source.version}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`build-assets failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
