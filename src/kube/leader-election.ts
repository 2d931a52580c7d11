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
  retryPeriodMs?: number;
}

/**
 * Campaigns for a coordination.k8s.io Lease and runs `lead` while holding it. `lead` receives a promise
 * that resolves when leadership is lost (a renewal could not be written within the lease duration);
 * the operator then stops reconciling and exits, like controller-runtime, and its pod restarts as a
 * candidate. On a clean stop the lease is released so a standby takes over at once.
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
  const attempt = async (): Promise<boolean> => {
    try {
      return await tryHold();
    } catch (e) {
      logger.debug({ err: (e as Error).message }, 'Lease write failed');
      return false;
    }
  };

  logger.info({ lease: `${config.namespace}/${config.name}`, identity: config.identity }, 'Waiting for leadership');
  while (!stopping && !(await attempt())) await Promise.race([sleep(retryMs), stopped]);
  if (stopping) return;
  logger.info({ identity: config.identity }, 'Acquired leadership');

  let lastRenew = Date.now();
  const lost = new Promise<void>((resolve) => {
    const renew = async (): Promise<void> => {
      while (!stopping) {
        await Promise.race([sleep(retryMs), stopped]);
        if (stopping) return;
        if (await attempt()) lastRenew = Date.now();
        else if (Date.now() - lastRenew > duration * 1000) {
          logger.error({ identity: config.identity }, 'Lost leadership');
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
