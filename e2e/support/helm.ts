import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject } from '../../src/api/json.js';
import type { KubeObject } from '../../src/api/kube-object.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_TIMEOUT_MS = 30 * 60_000;

/** Path of helm built from the pinned Go module (e2e/tools/build-helm.sh; cached after the first build). */
export function buildHelm(): string {
  const log = path.join(os.tmpdir(), 'istio-operator-build-helm.log');
  const res = spawnSync('bash', [path.join(repoRoot, 'e2e', 'tools', 'build-helm.sh')], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  writeFileSync(log, `${res.stderr ?? ''}\n${res.error?.message ?? ''}`);
  const last = (res.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (res.status !== 0 || !last) throw new Error(`building helm failed (exit ${res.status}); build log: ${log}`);
  return last;
}

/** `helm template <release> charts/<chart> -n <namespace> --set ...`, parsed into objects. */
export function renderHelmChart(helm: string, chart: string, release: string, namespace: string, sets: string[] = []): KubeObject[] {
  const args = ['template', release, path.join(repoRoot, 'charts', chart), '--namespace', namespace, ...sets.flatMap((s) => ['--set', s])];
  const res = spawnSync(helm, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`helm ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  return yaml.loadAll(res.stdout).filter((d): d is KubeObject => isJsonObject((d ?? null) as JsonObject) && typeof (d as KubeObject).kind === 'string');
}

export interface PodCommand {
  /** Arguments after the `run` subcommand, without the listen addresses (the test picks free ports). */
  runArgs: string[];
  env: Record<string, string>;
}

/**
 * What a Deployment's first container would run, for starting the operator as a local process:
 * its args and env, with downward-API fields (metadata.name/namespace) filled in for a pretend pod.
 */
export function resolvePodCommand(deployment: KubeObject, pod: { name: string; namespace: string }): PodCommand {
  const podSpec = ((deployment.spec as JsonObject).template as JsonObject).spec as JsonObject;
  const container = (podSpec.containers as JsonObject[])[0] ?? {};
  const args = ((container.args ?? []) as string[]).slice();
  if (args[0] !== 'run') throw new Error(`expected the container to run "run", got ${JSON.stringify(args)}`);
  const runArgs: string[] = [];
  for (let i = 1; i < args.length; i += 1) {
    if (args[i] === '--metrics-bind-address' || args[i] === '--health-probe-bind-address') i += 1;
    else runArgs.push(args[i] as string);
  }
  const fields: Record<string, string> = { 'metadata.name': pod.name, 'metadata.namespace': pod.namespace };
  const env: Record<string, string> = {};
  for (const e of (container.env ?? []) as { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[]) {
    const fieldPath = e.valueFrom?.fieldRef?.fieldPath;
    const value = e.value ?? (fieldPath ? fields[fieldPath] : undefined);
    if (value === undefined) throw new Error(`cannot resolve env ${e.name} of the chart's container`);
    env[e.name] = value;
  }
  return { runArgs, env };
}
