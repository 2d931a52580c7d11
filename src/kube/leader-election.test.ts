import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import { KubeApiError } from './kube-errors.js';
import type { RestRequest } from './kube-rest.js';
import { runWithLeaderElection } from './leader-election.js';

const silent: ReconcileLogger = { child: () => silent, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/**
 * One Lease kept in memory behind the REST calls leader election makes (a unit test of the campaign
 * logic; the e2e suites run it against a real apiserver). `failWrites` simulates an outage, `hangWrites`
 * a half-open connection: the call never answers unless its signal aborts it.
 */
function fakeLeaseServer() {
  const server = { lease: undefined as JsonObject | undefined, failWrites: false, hangWrites: false, version: 0, aborted: 0 };
  const rest = async (req: RestRequest): Promise<JsonValue> => {
    if (req.method === 'GET') {
      if (!server.lease) throw new KubeApiError(404, 'NotFound', 'not found', 'GET', req.path);
      return structuredClone(server.lease);
    }
    if (server.hangWrites) {
      return new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => (server.aborted++, reject(new Error('aborted')))));
    }
    if (server.failWrites) throw new KubeApiError(503, 'ServiceUnavailable', 'down', req.method, req.path);
    const body = req.body as JsonObject;
    server.lease = { ...body, metadata: { ...(body.metadata as JsonObject), resourceVersion: String(++server.version) } };
    return structuredClone(server.lease);
  };
  return { server, clients: { rest } as unknown as KubeClients };
}

const holderOf = (lease: JsonObject | undefined): unknown => (lease?.spec as JsonObject | undefined)?.holderIdentity;
const config = { namespace: 'ops', name: 'leader', identity: 'me', leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };
const never = new Promise<void>(() => undefined);
const aborted = (term: AbortSignal): Promise<void> => new Promise((resolve) => term.addEventListener('abort', () => resolve()));

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('runWithLeaderElection', () => {
  it('takes a free lease, leads, and releases it on a clean stop', async () => {
    const { server, clients } = fakeLeaseServer();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let led = false;
    const end = await runWithLeaderElection(clients, config, silent, async () => {
      led = true;
      expect(holderOf(server.lease)).toBe('me');
      stop();
      await stopped;
    }, stopped);
    expect(end).toBe('stopped');
    expect(led).toBe(true);
    expect(holderOf(server.lease)).toBe('');
  });

  it('ends the term on the next renewal once another candidate holds the lease', async () => {
    const { server, clients } = fakeLeaseServer();
    const done = runWithLeaderElection(clients, config, silent, async (term) => {
      server.lease = { ...server.lease, spec: { ...(server.lease?.spec as JsonObject), holderIdentity: 'other' } };
      const started = Date.now();
      await aborted(term);
      expect(Date.now() - started).toBeLessThanOrEqual(config.retryPeriodMs);
    }, never);
    await vi.advanceTimersByTimeAsync(config.retryPeriodMs);
    expect(await done).toBe('lost');
    expect(holderOf(server.lease)).toBe('other');
  });

  it('ends the term at the renew deadline when renewals keep failing, before the lease expires', async () => {
    const { server, clients } = fakeLeaseServer();
    let waited = 0;
    const done = runWithLeaderElection(clients, config, silent, async (term) => {
      server.failWrites = true;
      const started = Date.now();
      await aborted(term);
      waited = Date.now() - started;
    }, never);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await done).toBe('lost');
    expect(waited).toBeGreaterThanOrEqual(config.renewDeadlineMs);
    expect(waited).toBeLessThan(config.leaseDurationSeconds * 1000);
  });

  it('abandons a renew call that hangs and still ends the term at the renew deadline', async () => {
    const { server, clients } = fakeLeaseServer();
    let waited = -1;
    const done = runWithLeaderElection(clients, config, silent, async (term) => {
      server.hangWrites = true;
      const started = Date.now();
      await aborted(term);
      waited = Date.now() - started;
    }, never);
    await vi.advanceTimersByTimeAsync(config.renewDeadlineMs + 1);
    expect(waited).toBe(config.renewDeadlineMs);
    expect(await done).toBe('lost');
    expect(server.aborted).toBe(1);
  });

  it('says the term is over once the renew deadline passed, even before the renew loop ran (a paused process)', async () => {
    const { clients } = fakeLeaseServer();
    let leading: (() => boolean) | undefined;
    let term: AbortSignal | undefined;
    let stop!: () => void;
    const done = runWithLeaderElection(clients, config, silent, async (t, l) => {
      [term, leading] = [t, l];
      await new Promise<void>((r) => (stop = r));
    }, never);
    await vi.advanceTimersByTimeAsync(0);
    expect(leading?.()).toBe(true);
    // Jump the clock without running timers: what a SIGSTOPped process sees on SIGCONT.
    vi.setSystemTime(Date.now() + config.renewDeadlineMs + 1);
    expect(leading?.()).toBe(false);
    expect(term?.aborted).toBe(true);
    stop();
    expect(await done).toBe('lost');
  });

  it('judges expiry by the local clock: a holder with a skewed clock that keeps renewing is never displaced', async () => {
    const { server, clients } = fakeLeaseServer();
    let renewals = 0;
    // The holder's clock is a day behind: every renewTime it writes looks long expired to us.
    const renewByOther = (): void => {
      renewals += 1;
      server.lease = { metadata: { resourceVersion: String(++server.version) }, spec: { holderIdentity: 'other', leaseDurationSeconds: 15, renewTime: new Date(Date.now() - 86_400_000 + renewals).toISOString() } };
    };
    renewByOther();
    const timer = setInterval(renewByOther, 2_000);
    let led = false;
    let stop!: () => void;
    const done = runWithLeaderElection(clients, config, silent, async () => void (led = true), new Promise<void>((r) => (stop = r)));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(led).toBe(false);
    // Once it stops renewing, a lease duration of our time later we take over, skew or not.
    clearInterval(timer);
    await vi.advanceTimersByTimeAsync(config.leaseDurationSeconds * 1000 - 2_000);
    expect(led).toBe(false);
    await vi.advanceTimersByTimeAsync(4_000 + config.retryPeriodMs);
    expect(led).toBe(true);
    stop();
    await vi.advanceTimersByTimeAsync(1);
    await done;
  });

  it('takes over a dead holder whose renewTime lies in our future after one lease duration', async () => {
    const { server, clients } = fakeLeaseServer();
    server.lease = { metadata: { resourceVersion: '1' }, spec: { holderIdentity: 'other', leaseDurationSeconds: 15, renewTime: '2099-01-01T00:00:00.000000Z' } };
    let ledAt = -1;
    const start = Date.now();
    let stop!: () => void;
    const done = runWithLeaderElection(clients, config, silent, async () => void (ledAt = Date.now() - start), new Promise<void>((r) => (stop = r)));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ledAt).toBeGreaterThan(15_000);
    expect(ledAt).toBeLessThanOrEqual(15_000 + config.retryPeriodMs);
    stop();
    await vi.advanceTimersByTimeAsync(1);
    await done;
  });
});
