import { ComponentNames } from '../api/components.js';
import type { IstioOperatorObject } from '../api/istio-operator.js';
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
import { newRequestCount } from './kube-rest.js';
import { listOwned } from './list-owned.js';
import { getLiveObjects } from './live-objects.js';
import { deleteObject, listObjects } from './object-io.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { addFinalizer, patchIstioOperatorStatus, removeFinalizer } from './patch-status.js';

/** What Kubernetes itself puts into every namespace; anything else makes a namespace non-empty. */
const DEFAULT_NAMESPACE_CONTENT = new Set(['ConfigMap/kube-root-ca.crt', 'ConfigMap/istio-ca-root-cert', 'ServiceAccount/default']);
const NAMESPACE_CONTENT_KINDS = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
] as const;

/**
 * The reconciler's ClusterPort on top of the kube modules. `onRequest` sees every request the
 * reconciler makes (not watches or discovery), for the API read/write metrics.
 */
export function createClusterPort(base: KubeClients, logger: ReconcileLogger, onRequest?: (method: string) => void): ClusterPort {
  const clients: KubeClients = onRequest
    ? { ...base, rest: (req, count) => (onRequest(req.method), base.rest(req, count)) }
    : base;
  return {
    getIstioOperator: (key) => getIstioOperator(clients, key.namespace, key.name),
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
    readLive: (objects) => getLiveObjects(clients, objects),
    async applyObjects(objects, live) {
      const changes = await applyObjects(clients, objects, { fieldManager: FIELD_MANAGER, live: new Map(live) });
      const of = (action: string) => changes.entries.filter((e) => e.action === action).map((e) => e.ref);
      return {
        created: of(ChangeActions.created),
        configured: of(ChangeActions.configured),
        unchanged: of(ChangeActions.unchanged).length,
        reads: changes.requests.reads,
        writes: changes.requests.writes,
      };
    },
    async listOwned(owner, options = {}) {
      const kinds = OWNED_KINDS.filter((k) => k.kind !== 'CustomResourceDefinition' && (options.includeNamespaces || k.kind !== 'Namespace'));
      return listOwned(clients, owner, kinds);
    },
    async deleteObjects(objects: KubeObject[]) {
      const requests = newRequestCount();
      for (const obj of objects) await deleteObject(clients, refOf(obj), {}, requests);
      return { deleted: objects.map(refOf), writes: requests.writes };
    },
    async isNamespaceEmpty(name: string) {
      for (const kind of NAMESPACE_CONTENT_KINDS) {
        const { items } = await listObjects(clients, kind, { namespace: name });
        // Shared Base objects (the reader account) belong to no one: they go with the namespace.
        const counts = (o: KubeObject): boolean => !DEFAULT_NAMESPACE_CONTENT.has(`${o.kind}/${o.metadata.name}`) && o.metadata.labels?.[LabelKeys.component] !== ComponentNames.base;
        if (items.some(counts)) return false;
      }
      return true;
    },
  };
}

function ownerLabels(owner: OwnerKey): Record<string, string> {
  return { [LabelKeys.owningResource]: owner.name, [LabelKeys.owningResourceNamespace]: owner.namespace };
}
