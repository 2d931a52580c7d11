// `npm run demo`: the whole product on this machine in one command. Starts the local control plane
// (built from Go modules on first use), installs the IstioOperator CRD, runs the operator in the
// background, applies examples/demo-with-addons.yaml, shows progress until Ready, and prints what it
// installed. Idempotent: a second run reuses the cluster and the operator. `npm run demo:down` cleans up.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import type { IstioOperatorObject } from '../../src/api/istio-operator.js';
import type { KubeObject } from '../../src/api/kube-object.js';
import { LabelKeys } from '../../src/api/labels.js';
import { waitForCrdEstablished } from '../../src/kube/crd-established.js';
import { buildKubeClients, type KubeClients } from '../../src/kube/kube-client.js';
import { listOwned } from '../../src/kube/list-owned.js';
import { applyObject, getObject } from '../../src/kube/object-io.js';
import { OWNED_KINDS } from '../../src/kube/owned-kinds.js';
import { assessObject } from '../../src/reconcile/assess-readiness.js';
import { startCluster } from '../cluster/cluster.js';
import { withStateLock } from '../cluster/lock.js';
import { resolveClusterPaths, resolveRepoRoot } from '../cluster/paths.js';
import { STARTED_BY } from '../cluster/state.js';
import { getFreePorts } from '../cluster/ports.js';
import { readLogTail, readOperatorPid, readOperatorPort, resolveDemoPaths, type DemoPaths } from './demo-state.js';
import { OPERATOR_NODE_FLAGS } from '../../src/operator-node-flags.js';

const began = Date.now();
const elapsed = (): string => `${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s`;
const say = (line: string): void => void process.stderr.write(`[demo ${elapsed()}] ${line}\n`);
const MANAGER = 'istio-operator-demo';

async function main(): Promise<void> {
  const root = resolveRepoRoot();
  const paths = resolveClusterPaths();
  say('Starting the local Kubernetes control plane (the first run builds it from Go modules: about 10 minutes)');
  const { record } = await withStateLock(paths.state, (l) => say(`cluster: ${l}`), () => startCluster(paths, STARTED_BY.cli, (l) => say(`cluster: ${l}`)));
  const kc = new KubeConfig();
  kc.loadFromFile(record.kubeconfig);
  const clients = buildKubeClients(kc);

  say('Installing the IstioOperator CRD');
  const crd = yaml.load(readFileSync(path.join(root, 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await applyObject(clients, crd, { fieldManager: MANAGER });
  await waitForCrdEstablished(clients, crd.metadata.name);

  const demo = resolveDemoPaths();
  const port = await ensureOperator(root, record.kubeconfig, demo);

  // The file holds the Namespace and the IstioOperator, exactly what `kubectl apply -f` sends.
  const documents = yaml.loadAll(readFileSync(path.join(root, 'examples', 'demo-with-addons.yaml'), 'utf8')) as KubeObject[];
  const iop = documents.find((d) => d.kind === 'IstioOperator') as IstioOperatorObject;
  const namespace = iop.metadata.namespace ?? 'istio-system';
  say(`Applying examples/demo-with-addons.yaml (IstioOperator ${namespace}/${iop.metadata.name}: profile demo + 4 addons)`);
  for (const doc of documents) await applyObject(clients, doc, { fieldManager: MANAGER });

  const ready = await followProgress(clients, namespace, iop.metadata.name, 180_000, demo);
  process.stdout.write(await renderSummary(clients, ready));
  const kubectl = path.join(record.binDir, 'kubectl');
  process.stdout.write(`
Try it:
  export KUBECONFIG=${record.kubeconfig}
  ${kubectl} get istiooperators -A
  ${kubectl} wait --for=condition=Ready istiooperator/${iop.metadata.name} -n ${namespace}
  ${kubectl} get deployments,services -n ${namespace}
  curl -s http://127.0.0.1:${port}/metrics | grep istio_operator_     # the operator's metrics
  tail -f ${demo.log}                                                        # the operator's logs

Clean up (stops the operator and the control plane, removes their state):
  npm run demo:down
`);
  // The cluster and the operator keep running for you to explore.
  process.exit(0);
}

/**
 * Reuses a running demo operator, or starts one in the background on a free port, its log in the demo
 * dir. Returns the port. Fails at once, with the log's last lines, if the operator exits while starting.
 */
async function ensureOperator(root: string, kubeconfig: string, demo: DemoPaths): Promise<number> {
  const running = readOperatorPid(demo.pidFile);
  const runningPort = readOperatorPort(demo.portFile);
  if (running !== undefined && runningPort !== undefined) {
    say(`Operator already running (pid ${running}, port ${runningPort}); logs: ${demo.log}`);
    return runningPort;
  }
  mkdirSync(demo.dir, { recursive: true });
  const port = Number(process.env.DEMO_OPERATOR_PORT ?? (await getFreePorts(['operator'])).operator);
  const log = openSync(demo.log, 'a');
  const args = [...OPERATOR_NODE_FLAGS, path.join(root, 'bin', 'istio-operator.cjs'), 'run', '--kubeconfig', kubeconfig, '--health-probe-bind-address', `127.0.0.1:${port}`, '--metrics-bind-address', `127.0.0.1:${port}`, '--readiness-requeue', '1'];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writeFileSync(demo.pidFile, String(child.pid));
  writeFileSync(demo.portFile, String(port));
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    // Only our child counts: it logs 'Started istio-operator' once it listens, so another process
    // answering /readyz on the port cannot pass for it.
    const listening = readLogTail(demo.log, 50).includes('"msg":"Started istio-operator"');
    const ready = listening && (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false));
    if (ready && child.exitCode === null) {
      say(`Started the operator (pid ${child.pid}, port ${port}); logs: ${demo.log}`);
      return port;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const why = child.exitCode === null ? 'did not become ready within 20 s' : `exited with code ${child.exitCode}`;
  throw new Error(`the operator ${why}. Its last log lines (${demo.log}):\n${readLogTail(demo.log)}`);
}

/** Prints a line whenever the IstioOperator's status changes, until Ready=True, the timeout, or the operator dies. */
async function followProgress(clients: KubeClients, namespace: string, name: string, timeoutMs: number, demo: DemoPaths): Promise<IstioOperatorObject> {
  let last = '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (readOperatorPid(demo.pidFile) === undefined) {
      throw new Error(`the operator stopped. Its last log lines (${demo.log}):\n${readLogTail(demo.log)}`);
    }
    const iop = (await getObject(clients, { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', namespace, name })) as IstioOperatorObject | undefined;
    const status = (iop?.status ?? {}) as { status?: string; message?: string; observedGeneration?: number; componentStatus?: Record<string, { status: string }>; conditions?: { type: string; status: string }[] };
    const components = Object.entries(status.componentStatus ?? {}).map(([c, s]) => `${c}=${s.status}`).join(' ');
    const line = `${status.status ?? 'PENDING'}  ${components || 'waiting for the operator'}`;
    if (line !== last) say(line);
    last = line;
    const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && status.observedGeneration === iop?.metadata.generation;
    if (iop && ready) return iop;
    if (status.status === 'ERROR') throw new Error(`the IstioOperator failed: ${status.message ?? ''}`);
    if (Date.now() > deadline) throw new Error(`not Ready after ${timeoutMs / 1000} s: ${status.message ?? line}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Two tables: components with their object counts and status, then every workload and its readiness. */
async function renderSummary(clients: KubeClients, iop: IstioOperatorObject): Promise<string> {
  const owned = await listOwned(clients, { name: iop.metadata.name, namespace: iop.metadata.namespace ?? '' }, OWNED_KINDS);
  const byComponent = new Map<string, KubeObject[]>();
  for (const obj of owned) {
    const c = obj.metadata.labels?.[LabelKeys.component] ?? '-';
    byComponent.set(c, [...(byComponent.get(c) ?? []), obj]);
  }
  const statuses = ((iop.status as { componentStatus?: Record<string, { status: string }> }).componentStatus ?? {});
  const rows = [...byComponent.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, objs]) => [c, String(objs.length), statuses[c]?.status ?? '-']);
  const workloads = owned
    .filter((o) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind))
    .map((o) => {
      const status = (o.status ?? {}) as { availableReplicas?: number; replicas?: number };
      const r = assessObject(o);
      return [`${o.kind}/${o.metadata.name}`, o.metadata.namespace ?? '', `${status.availableReplicas ?? 0}/${status.replicas ?? 0}`, r.ready ? 'Ready' : (r.reason ?? 'not ready')];
    })
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  const took = ((Date.now() - began) / 1000).toFixed(1);
  return `\nIstioOperator ${iop.metadata.namespace}/${iop.metadata.name} is Ready (status ${String((iop.status as { status?: string }).status)}) after ${took} s.\n\n${table(['COMPONENT', 'OBJECTS', 'STATUS'], rows)}\n${table(['WORKLOAD', 'NAMESPACE', 'AVAILABLE', 'STATUS'], workloads)}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

main().catch((e: Error) => {
  say(`Failed: ${e.message}`);
  process.exit(1);
});
