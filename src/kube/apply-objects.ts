import type { KubeObject } from '../api/kube-object.js';
import { refOf } from '../api/kube-object.js';
import type { FIELD_MANAGER } from '../api/labels.js';
import { isApplyNoop } from './apply-noop.js';
import { ChangeActions, refKey, type ChangeEntry, type ChangeSet } from './change-set.js';
import { buildCrdKindKey, buildKindKey, isCrd, isCrdEstablished, waitForCrdEstablished, type WaitOptions } from './crd-established.js';
import type { KubeClients } from './kube-client.js';
import { newRequestCount } from './kube-rest.js';
import { getLiveObject, type LiveObjects } from './live-objects.js';
import { applyObject } from './object-io.js';

export interface ApplyObjectsOptions {
  fieldManager: typeof FIELD_MANAGER;
  dryRun?: boolean;
  onApplied?: (entry: ChangeEntry) => void;
  /** Objects already read by getLiveObjects (shared with the ownership check); others are read here. */
  live?: LiveObjects;
  crdWait?: WaitOptions;
}

/**
 * Server-side apply, one object at a time in the caller's order. Each object is read first; when
 * the read shows the apply would change nothing, no write is sent. Otherwise the action follows from
 * the resourceVersion before (that read) and after (the apply response): absent -> created, same ->
 * unchanged, different -> configured. That costs no request beyond the read we need anyway.
 * Objects of a kind defined by a CRD applied in this pass wait until that CRD is Established.
 */
export async function applyObjects(clients: KubeClients, objects: readonly KubeObject[], opts: ApplyObjectsOptions): Promise<ChangeSet> {
  const requests = newRequestCount();
  const entries: ChangeEntry[] = [];
  const pendingCrds = new Map<string, string>();
  for (const obj of objects) {
    const key = refKey(obj);
    const crdName = pendingCrds.get(buildKindKey(obj));
    if (crdName !== undefined) {
      await waitForCrdEstablished(clients, crdName, opts.crdWait, requests);
      pendingCrds.delete(buildKindKey(obj));
    }
    const live = opts.live?.has(key) ? opts.live.get(key) : await getLiveObject(clients, obj, requests);
    let action: ChangeEntry['action'] = ChangeActions.unchanged;
    let result = live;
    if (!isApplyNoop(obj, live, opts.fieldManager)) {
      result = await applyObject(clients, obj, { fieldManager: opts.fieldManager, dryRun: opts.dryRun }, requests);
      if (!live) action = ChangeActions.created;
      else if (result.metadata.resourceVersion !== live.metadata.resourceVersion) action = ChangeActions.configured;
    }
    const crdKind = isCrd(obj) ? buildCrdKindKey(obj) : undefined;
    if (crdKind && !opts.dryRun && !isCrdEstablished(result)) pendingCrds.set(crdKind, obj.metadata.name);
    const entry: ChangeEntry = { ref: refOf(obj), action };
    entries.push(entry);
    opts.onApplied?.(entry);
  }
  return { entries, requests };
}
