import type { JsonObject } from '../api/json.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import { isNotFound } from './kube-errors.js';
import { decideLease, formatMicroTime, readLeaseState } from './lease-decision.js';

export interface LeaseConfig {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds?: number;
  /** How long the holder keeps leading without a successful renewal; must be below the lease duration. */
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

type Attempt = 'held' | 'other' | 'failed';

/**
 * Campaigns for a coordination.k8s.io Lease and runs `lead` while holding it. `lead` receives a promise
 * that resolves when leadership is lost; the operator then stops reconciling and exits, like
 * controller-runtime, and its pod restarts as a candidate. The holder gives up when no renewal was
 * written for `renewDeadlineMs` (default 2/3 of the lease, like client-go's 10 s of 15 s) or as soon as
 * it sees another holder, so it has stopped before a standby may take the expired lease. On a clean
 * stop the lease is released so a standby takes over at once.
 */
export async function runWithLeaderElection(
  clients: KubeClients,
  config: LeaseConfig,
  logger: ReconcileLogger,
  lead: (lost: Promise<void>) => Promise<void>,
  stopped: Promise<void>,
): Promise<void> {
  const duration = config.leaseDurationSeconds ?? 15;
  const retryMs = config.retryPeriodMs ?? 2_000;
  const renewDeadlineMs = config.renewDeadlineMs ?? Math.floor((duration * 1000 * 2) / 3);
  const path = `/apis/coordination.k8s.io/v1/namespaces/${config.namespace}/leases/${config.name}`;
  let stopping = false;
  stopped.then(() => (stopping = true));

  const tryHold = async (): Promise<boolean> => {
    let lease: JsonObject | undefined;
    try {
      lease = (await clients.rest({ method: 'GET', path })) as JsonObject;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const state = lease ? readLeaseState(lease) : undefined;
    const action = decideLease(state, config.identity, new Date());
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
    if (lease) await clients.rest({ method: 'PUT', path, body });
    else await clients.rest({ method: 'POST', path: path.slice(0, path.lastIndexOf('/')), body });
    return true;
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const attempt = async (): Promise<Attempt> => {
    try {
      return (await tryHold()) ? 'held' : 'other';
    } catch (e) {
      logger.debug({ err: (e as Error).message }, 'Lease write failed');
      return 'failed';
    }
  };

  logger.info({ lease: `${config.namespace}/${config.name}`, identity: config.identity }, 'Waiting for leadership');
  while (!stopping && (await attempt()) !== 'held') await Promise.race([sleep(retryMs), stopped]);
  if (stopping) return;
  logger.info({ identity: config.identity }, 'Acquired leadership');

  let lastRenew = Date.now();
  const lost = new Promise<void>((resolve) => {
    const renew = async (): Promise<void> => {
      while (!stopping) {
        await Promise.race([sleep(retryMs), stopped]);
        if (stopping) return;
        const sent = Date.now(); // the renewTime written is no earlier than this
        const result = await attempt();
        if (result === 'held') lastRenew = sent;
        // Another holder means our lease expired as seen by the cluster; a failed write past the renew
        // deadline means it may expire before we could notice. Either way: stop before a second leader acts.
        else if (result === 'other' || Date.now() - lastRenew > renewDeadlineMs) {
          logger.error({ identity: config.identity, reason: result === 'other' ? 'lease held by another candidate' : 'renew deadline passed' }, 'Lost leadership');
          resolve();
          return;
        }
      }
    };
    void renew();
  });
  await lead(lost);
  if (stopping) await release(clients, path, config.identity);
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
