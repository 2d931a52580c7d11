import { isJsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import type { KubeClients } from './kube-client.js';
import type { RequestCount } from './kube-rest.js';
import { getObject } from './object-io.js';

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
export const CRD_KIND = 'CustomResourceDefinition';

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const isCrd = (obj: KubeObject): boolean => obj.kind === CRD_KIND && obj.apiVersion.startsWith('apiextensions.k8s.io/');

/** `group/Kind` served by a CRD, matching `buildKindKey` of its instances; undefined if malformed. */
export function buildCrdKindKey(crd: KubeObject): string | undefined {
  const spec = crd.spec;
  if (!isJsonObject(spec) || typeof spec.group !== 'string' || !isJsonObject(spec.names) || typeof spec.names.kind !== 'string') return undefined;
  return `${spec.group}/${spec.names.kind}`;
}

export function buildKindKey(obj: { apiVersion: string; kind: string }): string {
  const slash = obj.apiVersion.indexOf('/');
  return `${slash < 0 ? '' : obj.apiVersion.slice(0, slash)}/${obj.kind}`;
}

export function isCrdEstablished(crd: KubeObject | undefined): boolean {
  const status = crd?.status;
  if (!isJsonObject(status) || !Array.isArray(status.conditions)) return false;
  return status.conditions.some((c) => isJsonObject(c) && c.type === 'Established' && c.status === 'True');
}

/** Poll a CRD until `Established`, bounded; throws when the bound passes. */
export async function waitForCrdEstablished(clients: KubeClients, name: string, opts: WaitOptions = {}, count?: RequestCount): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const pollMs = opts.pollMs ?? 200;
  const sleep = opts.sleep ?? defaultSleep;
  for (let waited = 0; ; waited += pollMs) {
    const crd = await getObject(clients, { apiVersion: CRD_API_VERSION, kind: CRD_KIND, name }, count);
    if (isCrdEstablished(crd)) return;
    if (waited >= timeoutMs) throw new Error(`CustomResourceDefinition ${name} was not Established within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}
