import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs a CommonJS file (the CLI bundle, a precompiled chart) the way `require` does, but with V8's code
 * cache from `<file>.v8cache`, written by the build after a warm-up render (build/warm-code-cache.ts): a
 * cold process then skips parsing and compiling the code it runs, most of a CLI start-up. The cache is used
 * only for the exact source it was made from: the cache file holds a copy of that source, compared byte for
 * byte (a native memcmp, where a digest would cost loading node:crypto, ~8 ms of a cold start). V8 itself
 * refuses a cache from another V8 version or flags, and the file is then compiled as usual.
 */
export function loadCachedScript(file: string): unknown {
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8');
  const cache = readCache(cacheFileOf(file), bytes);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cache ? { cachedData: cache } : {}),
  });
  loaded.push({ file, source: bytes, script, cacheUsed: cache !== undefined && !script.cachedDataRejected });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

interface LoadedScript {
  file: string;
  /** The source as read, which the cache file repeats. */
  source: Buffer;
  script: vm.Script;
  cacheUsed: boolean;
}

const loaded: LoadedScript[] = [];
/** A cache file: the source's byte length (u32 LE), the source, then V8's cached data. */
const LENGTH_BYTES = 4;

export const cacheFileOf = (file: string): string => `${file}.v8cache`;

/** Which scripts this process loaded and whether V8 took their cache (tests, the build's warm-up). */
export function loadedScripts(): readonly { file: string; cacheUsed: boolean }[] {
  return loaded.map(({ file, cacheUsed }) => ({ file, cacheUsed }));
}

/** Writes the code cache of every script loaded so far, with the functions the process has compiled. */
export function writeCodeCaches(): string[] {
  // One cache per file: a file loaded again (a second asset set) shares its compiled functions with the first.
  const latest = new Map(loaded.map((s) => [s.file, s]));
  return [...latest.values()].map(({ file, source, script }) => {
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(source.length);
    writeFileSync(cacheFileOf(file), Buffer.concat([length, source, script.createCachedData()]));
    return cacheFileOf(file);
  });
}

function readCache(file: string, source: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined; // no cache: compiled as usual
  }
  const end = LENGTH_BYTES + source.length;
  if (data.length <= end || data.readUInt32LE(0) !== source.length) return undefined;
  return data.subarray(LENGTH_BYTES, end).equals(source) ? data.subarray(end) : undefined;
}
