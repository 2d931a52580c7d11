import type { ClusterClient } from './cluster-client.js';

export interface LeaseView {
  holder: string;
  transitions: number;
  renewTime?: string;
}

/** The coordination.k8s.io/v1 Lease's holder as the cluster sees it; undefined while it does not exist. */
export async function getLease(cluster: ClusterClient, namespace: string, name: string): Promise<LeaseView | undefined> {
  const lease = await cluster.get({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace, name });
  if (!lease) return undefined;
  const spec = (lease.spec ?? {}) as { holderIdentity?: string; leaseTransitions?: number; renewTime?: string };
  return { holder: spec.holderIdentity ?? '', transitions: spec.leaseTransitions ?? 0, ...(spec.renewTime ? { renewTime: spec.renewTime } : {}) };
}

/**
 * Polls the Lease every 100 ms (fine enough to time a failover) until `accept(holder)`; resolves with
 * the holder and when it was first seen. Fails after `timeoutMs` naming the last holder.
 */
export async function waitForLeaseHolder(
  cluster: ClusterClient,
  namespace: string,
  name: string,
  accept: (holder: string) => boolean,
  timeoutMs = 30_000,
): Promise<{ holder: string; seenAt: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = '(no lease)';
  for (;;) {
    const lease = await getLease(cluster, namespace, name).catch(() => undefined);
    if (lease) {
      last = JSON.stringify(lease.holder);
      if (accept(lease.holder)) return { holder: lease.holder, seenAt: Date.now() };
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the holder of Lease ${namespace}/${name}; last holder: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
