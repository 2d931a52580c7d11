import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthProbes {
  /** Liveness: the process's loops are running. */
  live(): boolean;
  /** Readiness: watches have synced (a standby replica waiting for the lease is also ready). */
  ready(): boolean;
}

/** What one listener serves: the probes, the metrics, or both (when both are bound to one address). */
export interface HealthRoutes {
  probes?: HealthProbes;
  registry?: Registry;
}

/**
 * Serves /healthz and /readyz (with `probes`) and /metrics (with `registry`); anything else is 404.
 * Metrics and probes listen apart so that /metrics, which needs no credentials, can stay on loopback
 * while the kubelet still reaches the probes. Resolves once listening.
 */
export async function startHealthServer(port: number, host: string, routes: HealthRoutes): Promise<Server> {
  const { probes, registry } = routes;
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (probes && (url === '/healthz' || url === '/readyz')) {
      const okay = url === '/healthz' ? probes.live() : probes.ready();
      res.writeHead(okay ? 200 : 503, { 'content-type': 'text/plain' }).end(okay ? 'ok\n' : 'not ready\n');
      return;
    }
    if (registry && url === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (e: Error) => res.writeHead(500).end(`${e.message}\n`),
      );
      return;
    }
    res.writeHead(404).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
