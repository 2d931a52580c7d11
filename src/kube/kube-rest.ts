import http from 'node:http';
import https from 'node:https';
import type { KubeAccess } from './kube-access.js';
import pRetry from 'p-retry';
import type { JsonValue } from '../api/json.js';
import { isJsonObject } from '../api/json.js';
import { KubeApiError } from './kube-errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. `/apis/apps/v1/namespaces/x/deployments/y`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: JsonValue;
  contentType?: string;
}

/** Requests made on behalf of one operation; GETs are reads, everything else writes. */
export interface RequestCount {
  reads: number;
  writes: number;
}

export const newRequestCount = (): RequestCount => ({ reads: 0, writes: 0 });

export type KubeRest = (req: RestRequest, count?: RequestCount) => Promise<JsonValue>;

/**
 * A raw JSON client over the kubeconfig's server and credentials. We do not send bodies through
 * client-node's typed models: they drop fields unknown to the bundled OpenAPI models, turn timestamps
 * into Date objects, cannot send JSON-patch arrays, and hide how many requests were made.
 */
export function createKubeRest(kc: KubeAccess): KubeRest {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('Kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  const secure = base.protocol === 'https:';
  let agent: http.Agent | undefined;

  return async (req, count) => {
    const opts: https.RequestOptions = { headers: {} };
    // Re-applied per request: exec/OIDC/file token providers refresh the Authorization header here.
    await kc.applyToHTTPSOptions(opts);
    agent ??= secure
      ? new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername })
      : new http.Agent({ keepAlive: true });
    const url = new URL(base.pathname.replace(/\/$/, '') + req.path, base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
    if (payload !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      // Without a length Node sends DELETE bodies chunked, which Go's server rejects on reused connections.
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const once = async (): Promise<JsonValue> => {
      if (count) {
        if (req.method === 'GET') count.reads += 1;
        else count.writes += 1;
      }
      const { status, text } = await send(secure ? https : http, url, { method: req.method, headers, agent, auth: opts.auth }, payload);
      const body = parseBody(text);
      if (status >= 200 && status < 300) return body;
      const reason = isJsonObject(body) && typeof body.reason === 'string' && body.reason ? body.reason : (http.STATUS_CODES[status] ?? 'Unknown');
      const message = isJsonObject(body) && typeof body.message === 'string' ? body.message : text.slice(0, 500);
      throw new KubeApiError(status, reason, message, req.method, url.pathname, body);
    };
    // Only reads are retried here (idempotent, one call); writes fail to the reconciler's rate-limited requeue.
    if (req.method !== 'GET') return once();
    return pRetry(once, { retries: 3, minTimeout: 250, factor: 2, shouldRetry: isTransient });
  };
}

/** Throttling, server errors and connection failures; not 404/409/410, which mean something. */
function isTransient(err: unknown): boolean {
  return !(err instanceof KubeApiError) || err.code === 429 || err.code >= 500;
}

function send(
  mod: typeof http | typeof https,
  url: URL,
  options: http.RequestOptions,
  payload: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = mod.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

function parseBody(text: string): JsonValue {
  if (!text) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
