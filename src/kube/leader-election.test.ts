import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import { KubeApiError } from './kube-errors.js';
import type { RestRequest } from './kube-rest.js';
import { runWithLeaderElection } from './leader-election.js';

const silent: ReconcileLogger = { child: () => silent, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** One Lease kept in memory behind the REST calls leader election makes; `failWrites` simulates an outage. */
function fakeLeaseServer() {
  const server = { lease: undefined as JsonObject | undefined, failWrites: false, version: 0 };
  const rest = async (req: RestRequest): Promise<JsonValue> => {
    if (req.method === 'GET') {
      if (!server.lease) throw new KubeApiError(404, 'NotFound', 'not found', 'GET', req.path);
      return structuredClone(server.lease);
    }
    if (server.failWrites) throw new KubeApiError(503, 'ServiceUnavailable', 'down', req.method, req.path);
    const body = req.body as JsonObject;
    server.lease = { ...body, metadata: { ...(body.metadata as JsonObject), resourceVersion: String(++server.version) } };
    return structuredClone(server.lease);
  };
  return { server, clients: { rest } as unknown as KubeClients };
}

const holderOf = (lease: JsonObject | undefined): unknown => (lease?.spec as JsonObject | undefined)?.holderIdentity;
const config = { namespace: 'ops', name: 'leader', identity: 'me', leaseDurationSeconds: 1, renewDeadlineMs: 300, retryPeriodMs: 20 };

describe('runWithLeaderElection', () => {
  it('takes a free lease, leads, and releases it on a clean stop', async () => {
    const { server, clients } = fakeLeaseServer();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let led = false;
    const done = runWithLeaderElection(clients, config, silent, async (lost) => {
      led = true;
      expect(holderOf(server.lease)).toBe('me');
      stop();
      await Promise.race([lost, stopped]);
    }, stopped);
    await done;
    expect(led).toBe(true);
    expect(holderOf(server.lease)).toBe('');
  });

  it('steps down as soon as another candidate holds the lease', async () => {
    const { server, clients } = fakeLeaseServer();
    const result = await runWithLeaderElection(clients, config, silent, async (lost) => {
      server.lease = { ...server.lease, spec: { ...(server.lease?.spec as JsonObject), holderIdentity: 'other', renewTime: new Date().toISOString() } };
      const started = Date.now();
      await lost;
      return void expect(Date.now() - started).toBeLessThan(200);
    }, new Promise<void>(() => undefined));
    expect(result).toBeUndefined();
    expect(holderOf(server.lease)).toBe('other');
  });

  it('steps down when renewals keep failing past the renew deadline, before the lease expires', async () => {
    const { server, clients } = fakeLeaseServer();
    await runWithLeaderElection(clients, config, silent, async (lost) => {
      server.failWrites = true;
      const started = Date.now();
      await lost;
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(config.leaseDurationSeconds * 1000);
    }, new Promise<void>(() => undefined));
  });

  it('waits while another candidate holds a fresh lease', async () => {
    const { server, clients } = fakeLeaseServer();
    server.lease = { metadata: { resourceVersion: '1' }, spec: { holderIdentity: 'other', leaseDurationSeconds: 60, renewTime: new Date().toISOString() } };
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let led = false;
    const done = runWithLeaderElection(clients, config, silent, async () => void (led = true), stopped);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    await done;
    expect(led).toBe(false);
    expect(holderOf(server.lease)).toBe('other');
  });
});
