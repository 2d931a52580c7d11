// A shared cluster may run other operators that watch every namespace, and they reconcile our CR too.
import { readFileSync, readdirSync } from 'node:fs';
import type { JsonObject } from '../../src/api/json.js';
import type { KubeObject } from '../../src/api/kube-object.js';
import { loadAssets } from '../../src/assets/load-assets.js';
import { buildDesiredState } from '../../src/pipeline/build-desired-state.js';

/** Pids of other `istio-operator run` processes on this host (which cluster they use is not checked). */
export function listOtherOperatorPids(ownPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === ownPid) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('istio-operator')) && argv.includes('run')) pids.push(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/**
 * Namespaced objects the CR renders: after the previous run's finalization none of them exists, so the
 * operator under test must create every one; fewer creations mean another operator got there first.
 */
export function computeExpectedCreates(iop: KubeObject): number {
  const rendered = buildDesiredState({ documents: [iop as unknown as JsonObject], setFlags: [], owner: { name: iop.metadata.name, namespace: iop.metadata.namespace ?? '' } }, loadAssets());
  if (!rendered.ok) throw new Error(`the benchmark CR does not render: ${JSON.stringify(rendered.errors)}`);
  return rendered.value.objects.filter((o) => o.metadata.namespace).length;
}
