import { LabelKeys } from '../api/labels.js';
import { KubeApiError } from './kube-errors.js';
import type { KubeClients } from './kube-client.js';
import { newRequestCount, type RequestCount } from './kube-rest.js';
import { getObject } from './object-io.js';

export interface EnsureNamespaceResult {
  created: boolean;
  requests: RequestCount;
}

/**
 * Create the namespace when it is missing, marked as ours so deletion may later remove it. An existing
 * namespace is left exactly as it is (no write), whoever created it.
 */
export async function ensureNamespace(clients: KubeClients, name: string, labels: Record<string, string> = {}): Promise<EnsureNamespaceResult> {
  const requests = newRequestCount();
  if (await getObject(clients, { apiVersion: 'v1', kind: 'Namespace', name }, requests)) return { created: false, requests };
  const body = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...labels, [LabelKeys.createdNamespace]: 'true' } },
  };
  try {
    await clients.rest({ method: 'POST', path: '/api/v1/namespaces', body }, requests);
    return { created: true, requests };
  } catch (err) {
    // Lost a race with another creator: it exists now, and it is not ours.
    if (err instanceof KubeApiError && err.code === 409) return { created: false, requests };
    throw err;
  }
}
