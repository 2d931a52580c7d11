import { execFile } from 'node:child_process';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject } from '../../src/api/json.js';
import { runCli } from '../../src/cli/main.js';
import { createMemoryIo } from '../../src/cli/memory-io.js';
import { singlePackCatalog } from '../../src/packs/pack-catalog.js';
import type { AssetSet } from '../../src/pipeline/types.js';
import type { InjectorFiles } from './injector-config.js';

/** A tool's answer: its output, or its failure (which is compared too: both sides must fail alike). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

function run(binary: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome<string>> {
  return new Promise((resolve) => {
    execFile(binary, args, { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve(error ? { ok: false, error: `${stderr}`.trim() || error.message } : { ok: true, value: stdout });
    });
  });
}

const setFlags = (set: readonly string[]): string[] => set.flatMap((s) => ['--set', s]);

export async function renderUpstream(istioctl: string, set: readonly string[]): Promise<string> {
  const out = await run(istioctl, ['manifest', 'generate', ...setFlags(set)]);
  if (!out.ok) throw new Error(`istioctl manifest generate ${set.join(' ')}: ${out.error}`);
  return out.value;
}

/** Our CLI in-process, as `istio-operator manifest generate --set ...`. */
export async function renderOurs(assets: AssetSet, set: readonly string[]): Promise<string> {
  const io = createMemoryIo();
  const code = await runCli(['manifest', 'generate', ...setFlags(set), '--istio-version', assets.pack.version], io, () => singlePackCatalog(assets));
  if (code !== 0) throw new Error(`manifest generate ${set.join(' ')}: ${io.out.stderr}`);
  return io.out.stdout;
}

/** `istioctl kube-inject` offline: the same injection code istiod's webhook runs, on one pod file. */
export async function kubeInject(istioctl: string, files: InjectorFiles, podFile: string, nativeSidecars: boolean): Promise<Outcome<JsonObject>> {
  const env = { ...process.env, ENABLE_NATIVE_SIDECARS: nativeSidecars ? 'true' : 'auto' };
  const out = await run(istioctl, ['kube-inject', '-f', podFile, '--injectConfigFile', files.config,
    '--meshConfigFile', files.mesh, '--valuesFile', files.values], env);
  if (!out.ok) return out;
  const pod = yaml.loadAll(out.value).find((d) => isJsonObject((d ?? null) as JsonObject));
  return pod ? { ok: true, value: pod as JsonObject } : { ok: false, error: 'kube-inject printed no object' };
}

/** One Gateway API deployment template through istiod's template code (template-runner). */
export async function renderGatewayTemplate(runner: string, files: InjectorFiles, template: string, inputFile: string): Promise<Outcome<JsonObject[]>> {
  const out = await run(runner, ['gateway', files.config, files.values, files.mesh, template, inputFile]);
  if (!out.ok) return out;
  try {
    return { ok: true, value: yaml.loadAll(out.value).filter((d): d is JsonObject => isJsonObject((d ?? null) as JsonObject)) };
  } catch (e) {
    return { ok: false, error: `rendered invalid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Runs `task` over `items` with at most `limit` in flight (the machine is shared). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
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
