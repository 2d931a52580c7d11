// Build step, in a fresh process: runs the CLI bundle on representative inputs, then writes the V8 code cache
// of the bundle and of the chart modules it loaded, with every function those runs compiled (ADR 8).
// Usage: node dist/build/warm-code-cache.js (build-assets.ts runs it).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { builtAssetsDir, packageRoot } from '../src/assets/asset-paths.js';
import { PACK_LIST_FILE, type BuiltPackList } from '../src/assets/built-assets-format.js';
import { cacheFileOf, loadCachedScript, writeCodeCaches } from '../src/startup/load-cached-script.js';
import type { CliIo } from '../src/cli/cli-io.js';
import { BUNDLE_FILE } from './bundle-cli.js';

interface Bundle {
  main: { runCli(argv: string[], io: CliIo): Promise<number> };
  /** A bundled module by its path under dist/. */
  load(id: string): unknown;
}

/** Inputs that reach every chart and most template branches. */
const WARM_UP: string[][] = [
  ['manifest', 'generate', '--profile', 'demo'],
  ['manifest', 'generate', '--profile', 'ambient', '--set', 'components.cni.enabled=true'],
  ['manifest', 'generate', '--set', 'addonComponents.prometheus.enabled=true', '--set', 'addonComponents.grafana.enabled=true',
    '--set', 'addonComponents.kiali.enabled=true', '--set', 'addonComponents.jaeger.enabled=true'],
  ['manifest', 'generate', '--profile', 'minimal', '-o', 'out'],
  ['manifest', 'generate', '--help'],
];

const quietIo: CliIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  readFile: () => {
    throw new Error('the warm-up reads no files');
  },
  writeFile: () => undefined,
};

async function main(): Promise<void> {
  const dist = path.join(packageRoot(), 'dist');
  const bundleFile = path.join(dist, BUNDLE_FILE);
  rmSync(cacheFileOf(bundleFile), { force: true });
  const bundle = loadCachedScript(bundleFile) as Bundle;
  // Every pack's charts: the default pack through every warm-up input, the others through the first two.
  const { packs } = JSON.parse(readFileSync(path.join(builtAssetsDir(), PACK_LIST_FILE), 'utf8')) as BuiltPackList;
  const runs = packs.flatMap((p, i) => (i === packs.length - 1 ? WARM_UP : WARM_UP.slice(0, 2)).map((argv) => [...argv, '--istio-version', p.version]));
  for (const argv of runs) {
    if ((await bundle.main.runCli(argv, quietIo)) !== 0) throw new Error(`warm-up run failed: ${argv.join(' ')}`);
  }
  // The charts were loaded by the bundle's own copy of the loader.
  const inner = bundle.load('src/startup/load-cached-script.js') as { writeCodeCaches(): string[] };
  const written = [...writeCodeCaches(), ...inner.writeCodeCaches()];
  process.stdout.write(`dist: V8 code cache for ${written.length} scripts (${written.map((f) => path.basename(f)).join(', ')})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`warm-code-cache failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
