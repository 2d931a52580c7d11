import { IOP_API_VERSION, IOP_KIND, type IstioOperatorObject } from '../api/istio-operator.js';
import type { KubeClients } from './kube-client.js';
import { isNotFound } from './kube-errors.js';
import type { RequestCount } from './kube-rest.js';
import { parseKubeObject } from './object-io.js';
import { buildIstioOperatorPath } from './patch-status.js';

/** The CR as stored, or undefined when it does not exist (the reconcile is then done). */
export async function getIstioOperator(clients: KubeClients, namespace: string, name: string, count?: RequestCount): Promise<IstioOperatorObject | undefined> {
  try {
    const body = await clients.rest({ method: 'GET', path: buildIstioOperatorPath({ namespace, name }) }, count);
    return parseKubeObject(body, { apiVersion: IOP_API_VERSION, kind: IOP_KIND }) as IstioOperatorObject;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
