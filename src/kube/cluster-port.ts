import { IOP_API_VERSION, IOP_PLURAL, type InventoryEntry, type IstioOperatorObject } from '../api/istio-operator.js';
import { refOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import type { ClusterPort, OwnerKey } from '../reconcile/ports.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import { applyObjects } from './apply-objects.js';
import { ChangeActions } from './change-set.js';
import { ensureNamespace } from './ensure-namespace.js';
import { recordEvent } from './events.js';
import { getIstioOperator } from './get-istio-operator.js';
import type { KubeClients } from './kube-client.js';
import { KubeApiError } from './kube-errors.js';
import { newRequestCount } from './kube-rest.js';
import { listCollection } from './list-collection.js';
import { listOwned } from './list-owned.js';
import { findRevisionUsers } from './revision-users.js';
import { getLiveObjects } from './live-objects.js';
import { listNamespaceContent } from './namespace-content.js';
import type { ObjectCache } from './object-cache.js';
import { deleteObject } from './object-io.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { addFinalizer, patchIstioOperatorStatus, removeFinalizer } from './patch-status.js';

/**
 * The reconciler's ClusterPort on top of the kube modules. `onRequest` sees every request the
 * reconciler makes (not watches or discovery), for the API read/write metrics. With `cache` (the
 * operator's informers) reads come from it where it has the object; writes always go to the server
 * and their answers are recorded in it. Without (the CLI), every read is a request.
 */
export function createClusterPort(base: KubeClients, logger: ReconcileLogger, onRequest?: (method: string) => void, cache?: ObjectCache): ClusterPort {
  const clients: KubeClients = onRequest
    ? { ...base, rest: (req, count) => (onRequest(req.method), base.rest(req, count)) }
    : base;
  return {
    getIstioOperator: (key) => getIstioOperator(clients, key.namespace, key.name),
    listIstioOperators: async () => (await listCollection(clients, `/apis/${IOP_API_VERSION}/${IOP_PLURAL}`, undefined)).items as IstioOperatorObject[],
    addFinalizer: async (iop) => void (await addFinalizer(clients, iop)),
    removeFinalizer: async (iop) => void (await removeFinalizer(clients, iop)),
    patchStatus: async (iop, status) => void (await patchIstioOperatorStatus(clients, { namespace: iop.metadata.namespace ?? '', name: iop.metadata.name }, status)),
    async recordEvent(iop: IstioOperatorObject, type, reason, message) {
      const result = await recordEvent(clients, iop, type, reason, message);
      if (!result.ok) logger.warn({ reason, err: (result.error as Error).message }, 'Failed to record Event');
    },
    async ensureNamespace(name: string, owner: OwnerKey) {
      const { created } = await ensureNamespace(clients, name, ownerLabels(owner));
      if (created) logger.info({ namespace: name }, 'Created Namespace');
      return { created };
    },
    readLive: (objects, options = {}) => getLiveObjects(clients, objects, undefined, options.fresh ? undefined : cache),
    async applyObjects(objects, live) {
      const inventory: InventoryEntry[] = [];
      const onResult = (obj: KubeObject): void => {
        cache?.record(obj);
        // Only what this owner owns: the shared Base objects carry no owner labels and are nobody's (ADR 3).
        if (typeof obj.metadata.uid === 'string' && obj.metadata.labels?.[LabelKeys.owningResource] !== undefined) inventory.push(toInventoryEntry(obj));
      };
      const changes = await applyObjects(clients, objects, { fieldManager: FIELD_MANAGER, live: new Map(live), onResult });
      const of = (action: string) => changes.entries.filter((e) => e.action === action).map((e) => e.ref);
      return {
        created: of(ChangeActions.created),
        configured: of(ChangeActions.configured),
        unchanged: of(ChangeActions.unchanged).length,
        reads: changes.requests.reads,
        writes: changes.requests.writes,
        inventory,
      };
    },
    async listOwned(owner, options = {}) {
      const kinds = OWNED_KINDS.filter((k) => k.kind !== 'CustomResourceDefinition' && (options.includeNamespaces || k.kind !== 'Namespace'));
      return listOwned(clients, owner, kinds, undefined, cache);
    },
    async deleteObjects(objects: KubeObject[]) {
      const requests = newRequestCount();
      const deleted = [];
      for (const obj of objects) {
        const uid = typeof obj.metadata.uid === 'string' ? obj.metadata.uid : undefined;
        try {
          await deleteObject(clients, refOf(obj), { uid }, requests);
          deleted.push(refOf(obj));
        } catch (err) {
          // Precondition failed: the object was recreated under the same name since we read it; not ours to delete.
          if (!(uid && err instanceof KubeApiError && err.code === 409)) throw err;
          logger.warn({ object: refOf(obj), uid }, 'Skipped deleting a recreated object');
        }
      }
      return { deleted, writes: requests.writes };
    },
    async isNamespaceEmpty(name: string) {
      const content = await listNamespaceContent(clients, name);
      if (content.length > 0) logger.info({ namespace: name, holds: content.slice(0, 10) }, 'Namespace is not empty');
      return content.length === 0;
    },
    findRevisionUsers: (query) => findRevisionUsers(clients, query),
  };
}

function toInventoryEntry(obj: KubeObject): InventoryEntry {
  return { apiVersion: obj.apiVersion, kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name, uid: String(obj.metadata.uid) };
}

function ownerLabels(owner: OwnerKey): Record<string, string> {
  return { [LabelKeys.owningResource]: owner.name, [LabelKeys.owningResourceNamespace]: owner.namespace };
}
