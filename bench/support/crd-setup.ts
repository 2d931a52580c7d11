// The IstioOperator CRD for the benchmark, and removing the CRDs a run brought into the cluster.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { KubeObject } from '../../src/api/kube-object.js';
import { waitForCrdEstablished } from '../../src/kube/crd-established.js';
import type { KubeClients } from '../../src/kube/kube-client.js';
import { deleteObject } from '../../src/kube/object-io.js';
import { CRD_TYPE, applyAsBench, countIstioOperators, listIstioCrdNames } from './iop-client.js';
import { resolveRepoRoot } from '../../e2e/cluster/paths.js';

export async function applyOperatorCrd(clients: KubeClients): Promise<void> {
  const crd = yaml.load(readFileSync(path.join(resolveRepoRoot(), 'crds', 'istio-operator.yaml'), 'utf8')) as KubeObject;
  await applyAsBench(clients, crd);
  await waitForCrdEstablished(clients, crd.metadata.name);
}

/** CRDs the run brought in are removed only when no IstioOperator is left anywhere (nobody else uses them). */
export async function cleanUpCrds(clients: KubeClients, before: Set<string>): Promise<string> {
  const added = [...(await listIstioCrdNames(clients))].filter((n) => !before.has(n));
  if (added.length === 0) return 'no CRDs added';
  const others = await countIstioOperators(clients).catch(() => 0);
  if (others > 0) return `left ${added.length} CRDs added during the run: ${others} IstioOperator(s) of others exist`;
  for (const name of added) await deleteObject(clients, { ...CRD_TYPE, name });
  return `deleted the ${added.length} CRDs the run added`;
}
