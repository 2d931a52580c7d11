import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { runBuildTools } from '../cluster/build-tools.js';
import { resolveClusterPaths, resolveRepoRoot } from '../cluster/paths.js';
import { readClusterRecord } from '../cluster/state.js';

const run = promisify(execFile);

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The kubectl built with the local control plane (its cluster record names the binaries); on an
 * existing cluster, the same build step provides it. Never a kubectl from PATH: tests pin the version.
 */
export async function resolveKubectl(): Promise<string> {
  const clusterDir = inject('clusterDir');
  const record = clusterDir === '' ? null : await readClusterRecord(resolveClusterPaths({ E2E_CLUSTER_DIR: clusterDir }));
  const binDir = record?.binDir ?? (await runBuildTools(path.join(resolveRepoRoot(), 'e2e', 'cluster', 'build-tools.sh'), () => undefined));
  return path.join(binDir, 'kubectl');
}

/** Runs kubectl against the test cluster from the repository root; a non-zero exit is a result, not a throw. */
export async function kubectl(args: string[], timeoutMs = 180_000): Promise<KubectlResult> {
  const bin = await resolveKubectl();
  try {
    const { stdout, stderr } = await run(bin, args, { cwd: resolveRepoRoot(), env: { ...process.env, KUBECONFIG: inject('kubeconfig') }, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}
