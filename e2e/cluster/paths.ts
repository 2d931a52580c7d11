import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every file the local control plane reads or writes, all under one state directory. */
export interface ClusterPaths {
  readonly repoRoot: string;
  readonly buildScript: string;
  readonly state: string;
  readonly logs: string;
  readonly pids: string;
  readonly pki: string;
  readonly etcdData: string;
  readonly certDir: string;
  readonly kwokHome: string;
  readonly kubeconfig: string;
  readonly stateFile: string;
}

const BUILD_SCRIPT = join('e2e', 'cluster', 'build-tools.sh');

/** Walks up from this module (source under e2e/cluster or compiled under dist/e2e/cluster). */
export function resolveRepoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, BUILD_SCRIPT))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Could not find the repository root above ${start}`);
    dir = parent;
  }
}

export function resolveClusterPaths(
  env: NodeJS.ProcessEnv = process.env,
  repoRoot: string = resolveRepoRoot(),
): ClusterPaths {
  const state = resolve(env.E2E_CLUSTER_DIR || join(repoRoot, '.e2e', 'cluster'));
  return {
    repoRoot,
    buildScript: join(repoRoot, BUILD_SCRIPT),
    state,
    logs: join(state, 'logs'),
    pids: join(state, 'pids'),
    pki: join(state, 'pki'),
    etcdData: join(state, 'etcd'),
    certDir: join(state, 'cert-dir'),
    kwokHome: join(state, 'kwok-home'),
    kubeconfig: join(state, 'kubeconfig'),
    stateFile: join(state, 'cluster.json'),
  };
}

export function logPath(paths: ClusterPaths, name: string): string {
  return join(paths.logs, `${name}.log`);
}

export function pidPath(paths: ClusterPaths, name: string): string {
  return join(paths.pids, `${name}.pid`);
}
