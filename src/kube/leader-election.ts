import type { JsonObject } from '../api/json.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import { isNotFound } from './kube-errors.js';
import { decideLease, formatMicroTime, observeLease, readLeaseState, type LeaseObservation } from './lease-decision.js';

export interface LeaseConfig {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds?: number;
  /** How long the holder keeps leading without a successful renewal; must be below the lease duration. */
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

/** How leading ended: a clean stop (SIGTERM) or the lease was lost (the caller should exit non-zero). */
export type LeadershipEnd = 'stopped' | 'lost';

type Attempt = 'held' | 'other' | 'failed' | 'timeout';

/**
 * Campaigns for a coordination.k8s.io Lease and runs `lead` while holding it. `lead` gets the
 * leadership term as an AbortSignal, aborted the moment the lease is lost: fence the clients with it
 * (write-fence.ts) so in-flight reconciles stop writing at once. The holder gives up when no renewal
 * succeeded for `renewDeadlineMs` (default 2/3 of the lease, like client-go's 10 s of 15 s; a hung
 * renew call is abandoned at that deadline) or as soon as it sees another holder. Expiry of another's
 * lease is judged by the local clock (lease-decision.ts). On a clean stop the lease is released so a
 * standby takes over at once.
 */
export async function runWithLeaderElection(
  clients: KubeClients,
  config: LeaseConfig,
  logger: ReconcileLogger,
  lead: (term: AbortSignal, leading: () => boolean) => Promise<void>,
  stopped: Promise<void>,
): Promise<LeadershipEnd> {
  const duration = config.leaseDurationSeconds ?? 15;
  const retryMs = config.retryPeriodMs ?? 2_000;
  const renewDeadlineMs = config.renewDeadlineMs ?? Math.floor((duration * 1000 * 2) / 3);
  const path = `/apis/coordination.k8s.io/v1/namespaces/${config.namespace}/leases/${config.name}`;
  let stopping = false;
  let halt!: () => void;
  const halted = new Promise<'halted'>((resolve) => (halt = () => ((stopping = true), resolve('halted'))));
  void stopped.then(() => halt());
  let observation: LeaseObservation | undefined;

  const tryHold = async (signal: AbortSignal): Promise<boolean> => {
    let lease: JsonObject | undefined;
    try {
      lease = (await clients.rest({ method: 'GET', path, signal })) as JsonObject;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const state = lease ? readLeaseState(lease) : undefined;
    observation = observeLease(observation, state, Date.now());
    const action = decideLease(state, config.identity, observation, Date.now());
    if (action === 'wait') return false;
    const now = formatMicroTime(new Date());
    const spec = {
      holderIdentity: config.identity,
      leaseDurationSeconds: duration,
      renewTime: now,
      acquireTime: action === 'acquire' ? now : ((lease?.spec as JsonObject | undefined)?.acquireTime ?? now),
      leaseTransitions: (state?.transitions ?? 0) + (action === 'acquire' && state ? 1 : 0),
    };
    const metadata = { name: config.name, namespace: config.namespace, ...(lease ? { resourceVersion: (lease.metadata as JsonObject).resourceVersion ?? '' } : {}) };
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec };
    // resourceVersion makes the write conditional: two candidates racing for an expired lease cannot both win.
    if (lease) await clients.rest({ method: 'PUT', path, body, signal });
    else await clients.rest({ method: 'POST', path: path.slice(0, path.lastIndexOf('/')), body, signal });
    return true;
  };

  // Unref'd: a pending retry or deadline timer must not keep a stopped process alive.
  const sleep = (ms: number): Promise<'timeout'> => new Promise((resolve) => void setTimeout(() => resolve('timeout'), Math.max(0, ms)).unref());
  /** One try, abandoned (and its request cancelled) after `limitMs`. */
  const attempt = async (limitMs: number): Promise<Attempt> => {
    const cancel = new AbortController();
    const tried = tryHold(cancel.signal).then(
      (held): Attempt => (held ? 'held' : 'other'),
      (e: unknown): Attempt => {
        logger.debug({ err: (e as Error).message }, 'Lease write failed');
        return 'failed';
      },
    );
    const result = await Promise.race([tried, sleep(limitMs), halted]);
    cancel.abort();
    return result === 'halted' ? 'failed' : result;
  };

  logger.info({ lease: `${config.namespace}/${config.name}`, identity: config.identity }, 'Waiting for leadership');
  while (!stopping && (await attempt(renewDeadlineMs)) !== 'held') await Promise.race([sleep(retryMs), halted]);
  if (stopping) return 'stopped';
  logger.info({ identity: config.identity }, 'Acquired leadership');

  const term = new AbortController();
  let lastRenew = Date.now();
  // Checked by the fence before every request too, not only by the renew loop: after a pause (SIGSTOP,
  // a long GC) the fence may run before the loop's timer does, and must already see the term as over.
  const expired = (): boolean => Date.now() - lastRenew >= renewDeadlineMs;
  const lose = (reason: string): void => {
    if (term.signal.aborted) return;
    term.abort();
    logger.error({ identity: config.identity, reason }, 'Lost leadership');
  };
  const renew = async (): Promise<void> => {
    while (!stopping) {
      await Promise.race([sleep(retryMs), halted]);
      if (stopping) return;
      const sent = Date.now(); // the renewTime written is no earlier than this
      const result = await attempt(lastRenew + renewDeadlineMs - sent);
      if (stopping) return;
      if (result === 'held') {
        lastRenew = sent;
        continue;
      }
      // Another holder means our lease expired as seen by the cluster; no renewal within the deadline
      // means it may expire before we could notice. Either way: stop before a second leader acts.
      if (result === 'other' || expired() || term.signal.aborted) {
        lose(result === 'other' ? 'lease held by another candidate' : 'renew deadline passed');
        return;
      }
    }
  };
  const renewing = renew();
  await lead(term.signal, () => {
    if (expired()) lose('renew deadline passed (seen before a request)');
    return !term.signal.aborted;
  });
  halt();
  await renewing;
  if (term.signal.aborted) return 'lost';
  await release(clients, path, config.identity);
  return 'stopped';
}

async function release(clients: KubeClients, path: string, identity: string): Promise<void> {
  try {
    const lease = (await clients.rest({ method: 'GET', path })) as JsonObject;
    if (readLeaseState(lease).holder !== identity) return;
    await clients.rest({ method: 'PUT', path, body: { ...lease, spec: { ...(lease.spec as JsonObject), holderIdentity: '', renewTime: formatMicroTime(new Date(0)) } } });
  } catch {
    // Best effort: the lease expires on its own.
  }
}
