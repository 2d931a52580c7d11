import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { JsonObject } from '../../src/api/json.js';

export interface AdmissionTarget {
  port: number;
  /** PEM of the CA istiod wrote into the webhook configurations' caBundle. */
  ca: string;
  /** The name istiod's serving certificate carries (`istiod.<ns>.svc`). */
  serverName: string;
}

export interface AdmissionAnswer {
  allowed: boolean;
  message: string;
  /** JSON patch operations (injection), empty when none. */
  patch: JsonObject[];
}

const RESOURCES: Record<string, string> = { Pod: 'pods' };
const plural = (kind: string): string => RESOURCES[kind] ?? `${kind.toLowerCase()}${kind.endsWith('y') ? '' : 's'}`.replace(/ys$/, 'ies');

/** Sends `object` as a CREATE AdmissionReview to istiod's webhook `path` (`/inject`, `/validate`). */
export async function review(target: AdmissionTarget, path: string, object: JsonObject, namespace: string): Promise<AdmissionAnswer> {
  const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion)];
  const kind = String(object.kind);
  const metadata = (object.metadata ?? {}) as JsonObject;
  const body = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind: { group, version, kind },
      resource: { group, version, resource: plural(kind) },
      operation: 'CREATE',
      namespace,
      name: metadata.name ?? '',
      object: { ...object, metadata: { ...metadata, namespace } },
      userInfo: { username: 'e2e-test' },
      dryRun: false,
    },
  });
  const raw = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: target.port, path, method: 'POST', ca: target.ca, servername: target.serverName, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (c: string) => { data += c; }).on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`${path}: HTTP ${res.statusCode}: ${data}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const response = ((JSON.parse(raw) as JsonObject).response ?? {}) as JsonObject;
  const status = (response.result ?? {}) as JsonObject;
  const patch = typeof response.patch === 'string' ? (JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as JsonObject[]) : [];
  return { allowed: response.allowed === true, message: String(status.message ?? ''), patch };
}
