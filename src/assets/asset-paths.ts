import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (holds packs/, charts/, crds/), from both src/ (vitest) and dist/src/ (built). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsDir(path.join(dir, 'packs')) || !existsDir(path.join(dir, 'charts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Could not find the package root (packs/ and charts/)');
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` writes the generated assets (Istio CRDs, precompiled charts, profiles as JSON). */
export function builtAssetsDir(root: string = packageRoot()): string {
  return path.join(root, 'dist', 'assets');
}

/** The version packs' sources: `packs/<version>/` (ADR 13). */
export function packsDir(root: string = packageRoot()): string {
  return path.join(root, 'packs');
}

/** Where the build writes one pack's precompiled charts, profiles and CRDs. */
export function builtPackDir(version: string, assetsDir: string = builtAssetsDir()): string {
  return path.join(assetsDir, 'packs', version);
}

export function existsDir(p: string): boolean {
  return statOrUndefined(p)?.isDirectory() ?? false;
}

export function existsFile(p: string): boolean {
  return statOrUndefined(p)?.isFile() ?? false;
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
