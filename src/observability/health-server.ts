import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthProbes {
  /** Liveness: the process's loops are running. */
  live(): boolean;
  /** Readiness: watches have synced (a standby replica waiting for the lease is also ready). */
  ready(): boolean;
}

/** Serves /healthz, /readyz and /metrics on one port. Resolves once listening; returns the server. */
export async function startHealthServer(port: number, host: string, probes: HealthProbes, registry: Registry): Promise<Server> {
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/healthz' || url === '/readyz') {
      const okay = url === '/healthz' ? probes.live() : probes.ready();
      res.writeHead(okay ? 200 : 503, { 'content-type': 'text/plain' }).end(okay ? 'ok\n' : 'not ready\n');
      return;
    }
    if (url === '/metrics') {
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
