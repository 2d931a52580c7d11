import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (holds package.json and bin/istio-operator), walking up from this module so it
 * works from bench/support (vitest) and dist/bench/support (compiled) alike.
 */
export function resolveRepoRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'bin', 'istio-operator'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Could not find the repository root above ${start}`);
    dir = parent;
  }
}
