import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';

export const LOOPBACK = '127.0.0.1';

function listenOnce(): Promise<Server> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolvePort(server));
  });
}

/** Distinct free loopback ports, one per name: all listeners stay open until every port is chosen. */
export async function getFreePorts<K extends string>(names: readonly K[]): Promise<Record<K, number>> {
  const servers: Server[] = [];
  try {
    const ports = {} as Record<K, number>;
    for (const name of names) {
      const server = await listenOnce();
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('Unexpected listener address');
      ports[name] = address.port;
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  }
}

// RFC 5737 documentation address: never routed, used only when the host has no other IPv4.
const NO_INTERFACE_FALLBACK = '192.0.2.10';

/**
 * The apiserver only writes --advertise-address into the `kubernetes` Endpoints (it must not be
 * loopback) and auto-detection fails without a default route. The host's own address is the safest
 * value: were anything ever to dial it, the packet would stay on this machine.
 */
export function resolveAdvertiseAddress(interfaces = networkInterfaces()): string {
  for (const list of Object.values(interfaces)) {
    const found = list?.find((i) => i.family === 'IPv4' && !i.internal);
    if (found) return found.address;
  }
  return NO_INTERFACE_FALLBACK;
}
