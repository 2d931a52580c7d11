import type { KubeObject } from '../api/kube-object.js';
import { refOf } from '../api/kube-object.js';
import { ChangeActions, type ChangeEntry, type ChangeSet } from './change-set.js';
import { computePrunable, type PruneOptions } from '../reconcile/compute-prunable.js';
import type { KubeClients } from './kube-client.js';
import { newRequestCount } from './kube-rest.js';
import { deleteObject } from './object-io.js';

export interface PruneObjectsOptions extends PruneOptions {
  dryRun?: boolean;
  onPruned?: (entry: ChangeEntry) => void;
}

/**
 * Delete what we own but no longer render (computePrunable decides what and in which order), one
 * object at a time with background propagation. Already gone counts as pruned. The caller must not
 * call this after a failed render: an empty desired set would mean "delete everything".
 */
export async function pruneObjects(
  clients: KubeClients,
  owned: readonly KubeObject[],
  desired: readonly KubeObject[],
  opts: PruneObjectsOptions = {},
): Promise<ChangeSet> {
  const requests = newRequestCount();
  const entries: ChangeEntry[] = [];
  for (const obj of computePrunable(owned, desired, opts)) {
    await deleteObject(clients, refOf(obj), { dryRun: opts.dryRun }, requests);
    const entry: ChangeEntry = { ref: refOf(obj), action: ChangeActions.pruned };
    entries.push(entry);
    opts.onPruned?.(entry);
  }
  return { entries, requests };
}
