import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { refOf } from '../api/kube-object.js';
import type { FIELD_MANAGER } from '../api/labels.js';
import { isApplyNoop } from './apply-noop.js';
import { ChangeActions, refKey, type ChangeAction, type ChangeEntry, type ChangeSet } from './change-set.js';
import { buildCrdKindKey, buildKindKey, isCrd, isCrdEstablished, waitForCrdEstablished, type WaitOptions } from './crd-established.js';
import type { KubeClients } from './kube-client.js';
import { newRequestCount } from './kube-rest.js';
import { getLiveObject, type LiveObjects } from './live-objects.js';
import { applyObject } from './object-io.js';
import { trimForCache } from './object-cache.js';

export interface ApplyObjectsOptions {
  fieldManager: typeof FIELD_MANAGER;
  dryRun?: boolean;
  onApplied?: (entry: ChangeEntry) => void;
  /** The object as it is after this step: the apply response, or the live copy when nothing was sent. */
  onResult?: (obj: KubeObject) => void;
  /** Objects already read by getLiveObjects (shared with the ownership check); others are read here. */
  live?: LiveObjects;
  crdWait?: WaitOptions;
}

/**
 * Server-side apply, one object at a time in the caller's order. Each object is read first; when
 * the read shows the apply would change nothing, no write is sent. Otherwise the action compares that
 * read with the apply response (computeApplyAction), so it costs no request beyond the read we need
 * anyway.
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
    let action: ChangeAction = ChangeActions.unchanged;
    let result = live;
    if (!isApplyNoop(obj, live, opts.fieldManager)) {
      result = await applyObject(clients, obj, { fieldManager: opts.fieldManager, dryRun: opts.dryRun }, requests);
      action = computeApplyAction(live, result, opts.fieldManager);
    }
    const crdKind = isCrd(obj) ? buildCrdKindKey(obj) : undefined;
    if (crdKind && !opts.dryRun && !isCrdEstablished(result)) pendingCrds.set(crdKind, obj.metadata.name);
    const entry: ChangeEntry = { ref: refOf(obj), action };
    entries.push(entry);
    if (result) opts.onResult?.(result);
    opts.onApplied?.(entry);
  }
  return { entries, requests };
}

/**
 * absent -> created; otherwise configured when the apply response differs from what we read, ignoring
 * status and bookkeeping (resourceVersion, managedFields timestamps). Comparing resourceVersions alone
 * would call an object configured whenever a controller wrote its status between our read and apply.
 */
export function computeApplyAction(live: KubeObject | undefined, applied: KubeObject, fieldManager?: string): ChangeAction {
  if (!live) return ChangeActions.created;
  if (live.metadata.resourceVersion === applied.metadata.resourceVersion) return ChangeActions.unchanged;
  const [a, b] = [stripVolatile(trimForCache(live), fieldManager), stripVolatile(trimForCache(applied), fieldManager)];
  return JSON.stringify(a) === JSON.stringify(b) ? ChangeActions.unchanged : ChangeActions.configured;
}

/** `live` may come from the cache, which keeps only our manager's managedFields: compare only those. */
function stripVolatile(obj: KubeObject, fieldManager: string | undefined): JsonObject {
  const { status: _status, metadata, ...rest } = obj;
  const { resourceVersion: _rv, managedFields, ...meta } = metadata;
  const mine = (e: JsonValue): boolean => isJsonObject(e) && e.subresource !== 'status' && (fieldManager === undefined || e.manager === fieldManager);
  const fields = Array.isArray(managedFields) ? managedFields.filter(mine).map((e) => (isJsonObject(e) ? { ...e, time: null } : e)) : [];
  return { ...(rest as JsonObject), metadata: { ...(meta as JsonObject), managedFields: fields } };
}
