import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { startHealthServer } from './health-server.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function start(routes: Parameters<typeof startHealthServer>[2]): Promise<(path: string) => Promise<number>> {
  const server = await startHealthServer(0, '127.0.0.1', routes);
  servers.push(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return (path) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status);
}

const probes = { live: () => true, ready: () => false };

describe('startHealthServer', () => {
  it('a probe listener answers the probes and never serves /metrics', async () => {
    const get = await start({ probes });
    expect([await get('/healthz'), await get('/readyz'), await get('/metrics')]).toEqual([200, 503, 404]);
  });

  it('a metrics listener serves /metrics only', async () => {
    const get = await start({ registry: new Registry() });
    expect([await get('/metrics'), await get('/healthz'), await get('/readyz')]).toEqual([200, 404, 404]);
  });

  it('one listener serves both when both are bound to one address', async () => {
    const get = await start({ probes, registry: new Registry() });
    expect([await get('/metrics'), await get('/healthz')]).toEqual([200, 200]);
  });
});
