import type { JsonValue } from '../api/json.js';
import { IOP_API_VERSION, IOP_KIND, IOP_PLURAL, type IstioOperatorObject, type IstioOperatorStatus } from '../api/istio-operator.js';
import { FIELD_MANAGER, FINALIZER } from '../api/labels.js';
import type { KubeClients } from './kube-client.js';
import type { RequestCount } from './kube-rest.js';
import { parseKubeObject } from './object-io.js';

export interface NamespacedName {
  namespace: string;
  name: string;
}

export function buildIstioOperatorPath(ref: NamespacedName): string {
  return `/apis/${IOP_API_VERSION}/namespaces/${encodeURIComponent(ref.namespace)}/${IOP_PLURAL}/${encodeURIComponent(ref.name)}`;
}

/**
 * Server-side apply of the whole computed status to the `/status` subresource: the status
 * subresource ignores everything but status, and SSA drops fields we set last time and omit now
 * (a JSON merge patch would need explicit nulls for that). The reconciler is its only writer.
 */
export async function patchIstioOperatorStatus(
  clients: KubeClients,
  ref: NamespacedName,
  status: IstioOperatorStatus,
  count?: RequestCount,
): Promise<IstioOperatorObject> {
  const body = { apiVersion: IOP_API_VERSION, kind: IOP_KIND, metadata: { name: ref.name, namespace: ref.namespace }, status };
  const res = await clients.rest(
    {
      method: 'PATCH',
      path: `${buildIstioOperatorPath(ref)}/status`,
      query: { fieldManager: FIELD_MANAGER, force: true },
      contentType: 'application/apply-patch+yaml',
      body: body as unknown as JsonValue,
    },
    count,
  );
  return parseKubeObject(res) as IstioOperatorObject;
}

/**
 * Finalizers change with a JSON merge patch of the whole list plus `metadata.resourceVersion`: the
 * API server treats that resourceVersion as a precondition, so if anyone changed the object since we
 * read it (e.g. another controller added its own finalizer) we get 409 Conflict, which the reconciler
 * retries, instead of overwriting their entry. A JSON-patch `test` op would fail with 422, which reads
 * as a terminal error. No request when the finalizer is already in the wanted state.
 */
export async function addFinalizer(clients: KubeClients, iop: IstioOperatorObject, finalizer = FINALIZER, count?: RequestCount): Promise<IstioOperatorObject> {
  const current = iop.metadata.finalizers ?? [];
  if (current.includes(finalizer)) return iop;
  return patchFinalizers(clients, iop, [...current, finalizer], count);
}

export async function removeFinalizer(clients: KubeClients, iop: IstioOperatorObject, finalizer = FINALIZER, count?: RequestCount): Promise<IstioOperatorObject> {
  const current = iop.metadata.finalizers ?? [];
  if (!current.includes(finalizer)) return iop;
  return patchFinalizers(clients, iop, current.filter((f) => f !== finalizer), count);
}

async function patchFinalizers(clients: KubeClients, iop: IstioOperatorObject, finalizers: string[], count?: RequestCount): Promise<IstioOperatorObject> {
  const resourceVersion = iop.metadata.resourceVersion;
  if (!resourceVersion) throw new Error(`IstioOperator ${iop.metadata.namespace ?? ''}/${iop.metadata.name} has no resourceVersion to guard the finalizer patch`);
  const res = await clients.rest(
    {
      method: 'PATCH',
      path: buildIstioOperatorPath({ namespace: iop.metadata.namespace ?? '', name: iop.metadata.name }),
      query: { fieldManager: FIELD_MANAGER },
      contentType: 'application/merge-patch+json',
      body: { metadata: { resourceVersion, finalizers } },
    },
    count,
  );
  return parseKubeObject(res) as IstioOperatorObject;
}
