import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ARGS_BUILDERS, type ArgsInput, type ClusterPorts, type ComponentName } from './component-args.js';
import { ComponentError } from './errors.js';
import { waitForHealthy, type Probe } from './health.js';
import { writeKubeconfig } from './kubeconfig.js';
import { applySimulatedNode } from './node.js';
import { logPath, pidPath, type ClusterPaths } from './paths.js';
import { generatePki, type Pki } from './pki.js';
import { getFreePorts, LOOPBACK, resolveAdvertiseAddress } from './ports.js';
import { startProcess, type StartedProcess } from './processes.js';
import type { Reporter } from './build-tools.js';

const PORT_NAMES = ['etcdClient', 'etcdPeer', 'apiserver', 'controllerManager', 'scheduler'] as const;
const TIMEOUTS_MS = { etcd: 30_000, apiserver: 120_000, component: 60_000, node: 60_000 } as const;

function buildProbes(ports: ClusterPorts, ca: string): Partial<Record<ComponentName, Probe>> {
  const https = (port: number, path: string): string => `https://${LOOPBACK}:${port}${path}`;
  return {
    etcd: { url: `http://${LOOPBACK}:${ports.etcdClient}/health` },
    'kube-apiserver': { url: https(ports.apiserver, '/readyz'), ca },
    'kube-controller-manager': { url: https(ports.controllerManager, '/healthz') },
    'kube-scheduler': { url: https(ports.scheduler, '/healthz') },
  };
}

export interface StartContext {
  readonly paths: ClusterPaths;
  readonly binDir: string;
  readonly report: Reporter;
  /** Every process started so far, so the caller can stop them on failure. */
  readonly started: StartedProcess[];
}

/** Starts etcd -> apiserver -> KCM + scheduler -> kwok + node, each waited for. Returns ports and server URL. */
export async function startControlPlane(ctx: StartContext): Promise<{ ports: ClusterPorts; server: string }> {
  const { paths, binDir, report } = ctx;
  await Promise.all([paths.logs, paths.pids, paths.etcdData, paths.certDir, paths.kwokHome]
    .map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  const pki: Pki = await generatePki(paths.pki);
  const ports: ClusterPorts = await getFreePorts(PORT_NAMES);
  const server = `https://${LOOPBACK}:${ports.apiserver}`;
  await writeKubeconfig(paths.kubeconfig, server, pki);
  const input: ArgsInput = {
    paths, pki, ports, advertiseAddress: resolveAdvertiseAddress(), stagesDir: join(binDir, 'kwok-stages'),
  };
  const probes = buildProbes(ports, await readFile(pki.caCert, 'utf8'));

  const launch = async (name: ComponentName): Promise<StartedProcess> => {
    const env = name === 'kwok' ? { ...process.env, HOME: paths.kwokHome } : process.env; // ignore ~/.kwok/kwok.yaml
    const proc = await startProcess({
      name, binary: join(binDir, name), args: ARGS_BUILDERS[name](input),
      logFile: logPath(paths, name), pidFile: pidPath(paths, name), env,
    });
    ctx.started.push(proc);
    return proc;
  };
  const launchAndWait = async (name: ComponentName, timeoutMs: number): Promise<void> => {
    const started = Date.now();
    const proc = await launch(name);
    const probe = probes[name];
    if (probe) {
      await waitForHealthy(probe, timeoutMs, proc.exitStatus)
        .catch((error: Error) => { throw new ComponentError(name, error.message); });
    }
    report(`Started ${name} (pid ${proc.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };

  await launchAndWait('etcd', TIMEOUTS_MS.etcd);
  await launchAndWait('kube-apiserver', TIMEOUTS_MS.apiserver);
  await Promise.all([
    launchAndWait('kube-controller-manager', TIMEOUTS_MS.component),
    launchAndWait('kube-scheduler', TIMEOUTS_MS.component),
  ]);
  const kwok = await launch('kwok');
  const kc = new KubeConfig();
  kc.loadFromFile(paths.kubeconfig);
  const nodeStart = Date.now();
  await applySimulatedNode(kc, TIMEOUTS_MS.node, kwok.exitStatus)
    .catch((error: Error) => { throw new ComponentError('kwok', error.message); });
  report(`Started kwok (pid ${kwok.pid}); node Ready in ${((Date.now() - nodeStart) / 1000).toFixed(1)} s`);
  return { ports, server };
}
