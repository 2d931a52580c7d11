import http from 'node:http';
import https from 'node:https';
import type { KubeAccess } from './kube-access.js';
import pRetry from 'p-retry';
import type { JsonValue } from '../api/json.js';
import { isJsonObject } from '../api/json.js';
import { KubeApiError, KubeRequestTimeoutError } from './kube-errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. `/apis/apps/v1/namespaces/x/deployments/y`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: JsonValue;
  contentType?: string;
  /** Accept header; default `application/json`. */
  accept?: string;
  /** Aborts the request (leadership lost, a caller's own deadline); the error is the signal's reason. */
  signal?: AbortSignal;
}

/** Requests made on behalf of one operation; GETs are reads, everything else writes. */
export interface RequestCount {
  reads: number;
  writes: number;
}

export const newRequestCount = (): RequestCount => ({ reads: 0, writes: 0 });

export type KubeRest = (req: RestRequest, count?: RequestCount) => Promise<JsonValue>;

export interface KubeRestOptions {
  /**
   * Deadline of one request, from sending to the last byte of the answer. Without it a half-open
   * connection (apiserver frozen, network path gone) hangs the caller forever. Watches do not use this client.
   */
  timeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A raw JSON client over the kubeconfig's server and credentials. We do not send bodies through
 * client-node's typed models: they drop fields unknown to the bundled OpenAPI models, turn timestamps
 * into Date objects, cannot send JSON-patch arrays, and hide how many requests were made.
 */
export function createKubeRest(kc: KubeAccess, options: KubeRestOptions = {}): KubeRest {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
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
    const headers: Record<string, string> = { Accept: req.accept ?? 'application/json' };
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
      req.signal?.throwIfAborted();
      const { status, text } = await send(secure ? https : http, url, { method: req.method, headers, agent, auth: opts.auth }, payload, { timeoutMs, signal: req.signal });
      const body = parseBody(text);
      if (status >= 200 && status < 300) return body;
      const reason = isJsonObject(body) && typeof body.reason === 'string' && body.reason ? body.reason : (http.STATUS_CODES[status] ?? 'Unknown');
      const message = isJsonObject(body) && typeof body.message === 'string' ? body.message : text.slice(0, 500);
      throw new KubeApiError(status, reason, message, req.method, url.pathname, body);
    };
    // Only reads are retried here (idempotent, one call); writes fail to the reconciler's rate-limited requeue.
    if (req.method !== 'GET') return once();
    return pRetry(once, { retries: 3, minTimeout: 250, factor: 2, shouldRetry: (err) => !req.signal?.aborted && isTransient(err), ...(req.signal ? { signal: req.signal } : {}) });
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
  limits: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = mod.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (e) => finish(() => reject(e)));
    });
    // A whole-request deadline, not a socket idle timeout: a trickling answer must not extend it.
    const timer = setTimeout(() => request.destroy(new KubeRequestTimeoutError(options.method ?? 'GET', url.pathname, limits.timeoutMs)), limits.timeoutMs);
    const onAbort = (): void => void request.destroy(limits.signal?.reason instanceof Error ? limits.signal.reason : new Error('request aborted'));
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    request.on('error', (e) => finish(() => reject(e)));
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
