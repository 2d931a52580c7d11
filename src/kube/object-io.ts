import type { JsonValue } from '../api/json.js';
import { isJsonObject } from '../api/json.js';
import type { KubeObject, ObjectRef } from '../api/kube-object.js';
import { isNotFound } from './kube-errors.js';
import type { KubeClients } from './kube-client.js';
import type { RequestCount } from './kube-rest.js';
import { buildCollectionPath, buildObjectPath } from './resource-paths.js';

/** Narrow an API answer to a KubeObject; list items lack apiVersion/kind, so the caller may supply them. */
export function parseKubeObject(value: JsonValue, fallback?: { apiVersion: string; kind: string }): KubeObject {
  if (!isJsonObject(value) || !isJsonObject(value.metadata) || typeof value.metadata.name !== 'string') {
    throw new Error('API server returned something that is not a Kubernetes object');
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : fallback?.apiVersion;
  const kind = typeof value.kind === 'string' ? value.kind : fallback?.kind;
  if (!apiVersion || !kind) throw new Error(`Object ${value.metadata.name} has no apiVersion/kind`);
  return { ...value, apiVersion, kind } as KubeObject;
}

async function objectPath(clients: KubeClients, ref: ObjectRef, count?: RequestCount): Promise<string> {
  const info = await clients.resources.resolve(ref.apiVersion, ref.kind, count);
  return buildObjectPath(ref.apiVersion, info, ref.name, ref.namespace);
}

/** GET one object; undefined on 404 (and only on 404). */
export async function getObject(clients: KubeClients, ref: ObjectRef, count?: RequestCount): Promise<KubeObject | undefined> {
  const path = await objectPath(clients, ref, count);
  try {
    return parseKubeObject(await clients.rest({ method: 'GET', path }, count), ref);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export interface ApplyOptions {
  fieldManager: string;
  dryRun?: boolean;
  /** Sub-resource such as `status`. */
  subresource?: string;
}

/** Server-side apply with `force`: we take over fields we set, and only those. */
export async function applyObject(clients: KubeClients, obj: KubeObject, opts: ApplyOptions, count?: RequestCount): Promise<KubeObject> {
  const path = await objectPath(clients, { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace }, count);
  const body = await clients.rest(
    {
      method: 'PATCH',
      path: opts.subresource ? `${path}/${opts.subresource}` : path,
      query: { fieldManager: opts.fieldManager, force: true, dryRun: opts.dryRun ? 'All' : undefined },
      contentType: 'application/apply-patch+yaml',
      body: obj as unknown as JsonValue,
    },
    count,
  );
  return parseKubeObject(body, obj);
}

/**
 * DELETE with background propagation; false when it was already gone. With `uid`, only that object:
 * a same-named one recreated since answers 409 Conflict (precondition failed).
 */
export async function deleteObject(clients: KubeClients, ref: ObjectRef, opts: { dryRun?: boolean; uid?: string } = {}, count?: RequestCount): Promise<boolean> {
  const path = await objectPath(clients, ref, count);
  try {
    await clients.rest(
      { method: 'DELETE', path, query: { dryRun: opts.dryRun ? 'All' : undefined }, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}) } },
      count,
    );
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export interface ListOptions {
  /** Omit to list across all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

/** List every page of one kind. */
export async function listObjects(
  clients: KubeClients,
  kind: { apiVersion: string; kind: string },
  opts: ListOptions = {},
  count?: RequestCount,
): Promise<{ items: KubeObject[]; resourceVersion: string }> {
  const info = await clients.resources.resolve(kind.apiVersion, kind.kind, count);
  const path = buildCollectionPath(kind.apiVersion, info, opts.namespace);
  const items: KubeObject[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  do {
    const page = await clients.rest({ method: 'GET', path, query: { labelSelector: opts.labelSelector, limit: 500, continue: cont } }, count);
    if (!isJsonObject(page) || !Array.isArray(page.items)) throw new Error(`List of ${path} returned no items`);
    for (const item of page.items) items.push(parseKubeObject(item, kind));
    const meta = isJsonObject(page.metadata) ? page.metadata : {};
    cont = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
    resourceVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : resourceVersion;
  } while (cont);
  return { items, resourceVersion };
}
