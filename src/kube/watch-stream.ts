import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { JsonValue } from '../api/json.js';
import type { KubeAccess } from './kube-access.js';

/** The watch client our watches use; the shape of client-node's `Watch.watch`, so either fits. */
export interface WatchClient {
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (phase: string, obj: JsonValue) => void,
    done: (err: unknown) => void,
  ): Promise<{ abort(): void }>;
}

/**
 * A streaming watch over plain node:http(s): one JSON event per line. `done` is called exactly once:
 * null when the server ends the stream, else the error (a non-200 answer carries `statusCode`). One
 * keep-alive agent for all watches of this cluster, so TLS contexts are not rebuilt per watch.
 */
export function createWatchClient(access: KubeAccess): WatchClient {
  const cluster = access.getCurrentCluster();
  if (!cluster) throw new Error('Kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  const secure = base.protocol === 'https:';
  let agent: http.Agent | undefined;
  return {
    async watch(path, query, onEvent, done) {
      const opts: https.RequestOptions = { headers: {} };
      await access.applyToHTTPSOptions(opts);
      agent ??= secure
        ? new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername })
        : new http.Agent({ keepAlive: true });
      const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
      url.searchParams.set('watch', 'true');
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = { Accept: 'application/json' };
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
      const controller = new AbortController();
      let finished = false;
      const finish = (err: unknown): void => {
        if (finished) return;
        finished = true;
        controller.abort();
        done(err);
      };
      const req = (secure ? https : http).request(url, { method: 'GET', headers, agent, auth: opts.auth, signal: controller.signal }, (res) => {
        res.on('error', finish);
        if (res.statusCode !== 200) {
          res.resume();
          return finish(Object.assign(new Error(http.STATUS_CODES[res.statusCode ?? 0] ?? 'Watch failed'), { statusCode: res.statusCode }));
        }
        const lines = createInterface({ input: res });
        // readline re-emits the response's errors (e.g. `aborted` when we abort): unhandled, they would crash.
        lines.on('error', finish);
        lines.on('line', (line) => {
          let event: { type?: unknown; object?: JsonValue };
          try {
            event = JSON.parse(line) as { type?: unknown; object?: JsonValue };
          } catch {
            return; // a torn line at abort time; the resume relists what matters
          }
          if (typeof event.type === 'string' && event.object !== undefined) onEvent(event.type, event.object);
        });
        res.on('close', () => finish(null));
      });
      // TCP keep-alive probes: a peer that vanished without a FIN fails the watch instead of hanging it.
      req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
      req.on('error', (err) => finish(controller.signal.aborted ? null : err));
      req.end();
      return { abort: () => finish(null) };
    },
  };
}
