import { createServer, type Server, type Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { IdleDeadlineWatch, WatchIdleError } from './idle-deadline-watch.js';
import { KubeRequestTimeoutError, LeadershipLostError } from './kube-errors.js';
import { createKubeRest } from './kube-rest.js';
import { fenceToTerm } from './write-fence.js';

// A TCP listener that accepts and never answers: what a frozen apiserver or a half-open connection
// looks like to the client. Not a fake of the Kubernetes API: it speaks no HTTP at all.
let server: Server | undefined;
const sockets: Socket[] = [];
async function blackHole(): Promise<string> {
  server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: url, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return kc;
}

describe('createKubeRest against a server that never answers', () => {
  it('fails a write after the request timeout instead of hanging', async () => {
    const rest = createKubeRest(kubeConfigFor(await blackHole()), { timeoutMs: 200 });
    const started = Date.now();
    await expect(rest({ method: 'PATCH', path: '/api/v1/namespaces/x', body: {} })).rejects.toBeInstanceOf(KubeRequestTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bounds a retried read too', async () => {
    const rest = createKubeRest(kubeConfigFor(await blackHole()), { timeoutMs: 100 });
    await expect(rest({ method: 'GET', path: '/api/v1/namespaces' })).rejects.toBeInstanceOf(KubeRequestTimeoutError);
  }, 10_000);

  it('cancels in-flight requests and refuses new ones once the leadership term ends', async () => {
    const term = new AbortController();
    const rest = fenceToTerm(createKubeRest(kubeConfigFor(await blackHole()), { timeoutMs: 60_000 }), term.signal);
    const inFlight = rest({ method: 'PATCH', path: '/api/v1/namespaces/x', body: {} });
    setTimeout(() => term.abort(), 50);
    await expect(inFlight).rejects.toBeInstanceOf(LeadershipLostError);
    await expect(rest({ method: 'DELETE', path: '/api/v1/namespaces/x' })).rejects.toBeInstanceOf(LeadershipLostError);
    expect(sockets).toHaveLength(1);
  });
});

describe('IdleDeadlineWatch', () => {
  it('gives up on a watch that stays silent past its timeout and reports it', async () => {
    // Headers arrive, then nothing: the connection went half-open after the watch started.
    server = createServer((s) => {
      sockets.push(s);
      s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const watch = new IdleDeadlineWatch(kubeConfigFor(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`), 100);
    const done = new Promise<unknown>((resolve) => void watch.watch('/api/v1/pods', { timeoutSeconds: 0.2 }, () => undefined, resolve));
    expect(await done).toBeInstanceOf(WatchIdleError);
  });
});
