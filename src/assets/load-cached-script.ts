import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs a CommonJS file (the CLI bundle, a precompiled chart) the way `require` does, but with V8's code
 * cache from `<file>.v8cache`, written by the build after a warm-up render (build/warm-code-cache.ts): a
 * cold process then skips parsing and compiling the code it runs, most of a CLI start-up. The cache is used
 * only for the exact source it was made from (a sha256 leads the file); V8 itself refuses a cache from
 * another V8 version or flags, and the file is then compiled as usual.
 */
export function loadCachedScript(file: string): unknown {
  const source = readFileSync(file, 'utf8');
  const digest = sourceDigest(source);
  const cache = readCache(cacheFileOf(file), digest);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cache ? { cachedData: cache } : {}),
  });
  loaded.push({ file, digest, script, cacheUsed: cache !== undefined && !script.cachedDataRejected });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

interface LoadedScript {
  file: string;
  digest: Buffer;
  script: vm.Script;
  cacheUsed: boolean;
}

const loaded: LoadedScript[] = [];
const DIGEST_BYTES = 32;

export const cacheFileOf = (file: string): string => `${file}.v8cache`;

/** Which scripts this process loaded and whether V8 took their cache (tests, the build's warm-up). */
export function loadedScripts(): readonly { file: string; cacheUsed: boolean }[] {
  return loaded.map(({ file, cacheUsed }) => ({ file, cacheUsed }));
}

/** Writes the code cache of every script loaded so far, with the functions the process has compiled. */
export function writeCodeCaches(): string[] {
  // One cache per file: a file loaded again (a second asset set) shares its compiled functions with the first.
  const latest = new Map(loaded.map((s) => [s.file, s]));
  return [...latest.values()].map(({ file, digest, script }) => {
    writeFileSync(cacheFileOf(file), Buffer.concat([digest, script.createCachedData()]));
    return cacheFileOf(file);
  });
}

function sourceDigest(source: string): Buffer {
  return createHash('sha256').update(source).digest();
}

function readCache(file: string, digest: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined; // no cache: compiled as usual
  }
  return data.length > DIGEST_BYTES && data.subarray(0, DIGEST_BYTES).equals(digest) ? data.subarray(DIGEST_BYTES) : undefined;
}
