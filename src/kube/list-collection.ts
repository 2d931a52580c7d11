import { isJsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import type { KubeClients } from './kube-client.js';
import { parseKubeObject } from './object-io.js';

/** Every page of a collection path (any kind), with the list's resourceVersion to watch from. */
export async function listCollection(clients: KubeClients, path: string, labelSelector: string | undefined): Promise<{ items: KubeObject[]; rv: string }> {
  const items: KubeObject[] = [];
  let cont: string | undefined;
  let rv = '';
  do {
    const page = await clients.rest({ method: 'GET', path, query: { labelSelector, limit: 500, continue: cont } });
    if (!isJsonObject(page) || !Array.isArray(page.items)) throw new Error(`List of ${path} returned no items`);
    const apiVersion = typeof page.apiVersion === 'string' ? page.apiVersion : '';
    const kind = typeof page.kind === 'string' ? page.kind.replace(/List$/, '') : '';
    for (const item of page.items) items.push(parseKubeObject(item, { apiVersion, kind }));
    const meta = isJsonObject(page.metadata) ? page.metadata : {};
    cont = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
    rv = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : rv;
  } while (cont);
  return { items, rv };
}
