import type { KubeObject } from '../api/kube-object.js';
import { refOf } from '../api/kube-object.js';
import { refKey } from './change-set.js';
import type { KubeClients } from './kube-client.js';
import type { RequestCount } from './kube-rest.js';
import { getObject } from './object-io.js';
import { lookupCached, type ObjectCache } from './object-cache.js';
import { isNotFound, UnservedKindError } from './kube-errors.js';

/** refKey -> live object, or undefined when it does not exist (or its kind is not served yet). */
export type LiveObjects = Map<string, KubeObject | undefined>;

/**
 * Read every desired object once: from the informer cache when it holds it, else a GET. The result
 * feeds both the ownership-conflict check and the no-op check in applyObjects, so a reconcile reads
 * each object exactly once. Kinds whose CRD is not installed yet read as absent.
 */
export async function getLiveObjects(clients: KubeClients, desired: readonly KubeObject[], count?: RequestCount, cache?: ObjectCache): Promise<LiveObjects> {
  const live: LiveObjects = new Map();
  for (const obj of desired) {
    live.set(refKey(obj), lookupCached(cache, refOf(obj)) ?? (await getLiveObject(clients, obj, count)));
  }
  return live;
}

export async function getLiveObject(clients: KubeClients, obj: KubeObject, count?: RequestCount): Promise<KubeObject | undefined> {
  try {
    return await getObject(clients, refOf(obj), count);
  } catch (err) {
    // The kind is not served yet: its CRD comes earlier in this same apply.
    if (isNotFound(err) || err instanceof UnservedKindError) return undefined;
    throw err;
  }
}
