import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject } from '../../src/api/json.js';
import { runCli } from '../../src/cli/main.js';
import { createMemoryIo } from '../../src/cli/memory-io.js';
import { singlePackCatalog } from '../../src/packs/pack-catalog.js';
import type { AssetSet } from '../../src/pipeline/types.js';
import type { IstioctlOutputCache, IstioctlRun } from './istioctl-output-cache.js';
import type { ParityCase } from './parity-matrix.js';

/** What one side made of a case: its objects, or its refusal (exit code and message). */
export type RenderOutcome = { ok: true; objects: JsonObject[]; stderr: string } | { ok: false; message: string };

export function caseFile(dir: string, c: ParityCase): string {
  const file = path.join(dir, `${c.name}.yaml`);
  mkdirSync(dir, { recursive: true });
  const doc = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: c.name }, spec: c.spec };
  writeFileSync(file, yaml.dump(doc, { noRefs: true, lineWidth: -1 }));
  return file;
}

export function manifestArgs(file: string, c: ParityCase): string[] {
  return ['manifest', 'generate', '-f', file, ...(c.set ?? []).flatMap((s) => ['--set', s]), ...(c.flags ?? [])];
}

export function parseObjects(text: string): JsonObject[] {
  return yaml.loadAll(text).filter((d): d is JsonObject => isJsonObject(d ?? null) && typeof (d as JsonObject).kind === 'string');
}

/** istioctl on one case file; `cache` answers for a run it has seen (istioctl-output-cache.ts). */
export async function renderWithIstioctl(istioctl: string, args: string[], file: string, cache?: IstioctlOutputCache): Promise<RenderOutcome> {
  const run = (): Promise<IstioctlRun> =>
    new Promise((resolve) => {
      execFile(istioctl, args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ stdout, stderr, ...(error ? { error: error.message } : {}) }));
    });
  const { stdout, stderr, error } = cache ? await cache.run(args, file, run) : await run();
  return error !== undefined ? { ok: false, message: `${stderr}${error}`.trim() } : { ok: true, objects: parseObjects(stdout), stderr };
}

/**
 * Our CLI in-process, reading the same file (so `-f`/`--set` parsing is exercised like istioctl's), with
 * `--istio-version` naming the pack: the counterpart of running that release's istioctl.
 */
export async function renderWithUs(args: string[], file: string, text: string, assets: AssetSet): Promise<RenderOutcome> {
  const io = createMemoryIo({ [file]: text });
  const code = await runCli([...args, '--istio-version', assets.pack.version], io, () => singlePackCatalog(assets));
  if (code !== 0) return { ok: false, message: io.out.stderr.trim() };
  return { ok: true, objects: parseObjects(io.out.stdout), stderr: io.out.stderr };
}

/** Runs `task` over `items` with at most `limit` in flight (istioctl is CPU-heavy; the machine is shared). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
