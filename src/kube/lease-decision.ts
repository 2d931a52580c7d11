import { isJsonObject, type JsonObject } from '../api/json.js';

export interface LeaseState {
  holder: string;
  renewTime?: string;
  leaseDurationSeconds: number;
  transitions: number;
}

export type LeaseAction = 'acquire' | 'renew' | 'wait';

/** What a candidate should do with the current Lease: take it (free or expired), renew it (ours), or wait. */
export function decideLease(lease: LeaseState | undefined, identity: string, now: Date): LeaseAction {
  if (!lease || lease.holder === '') return 'acquire';
  if (lease.holder === identity) return 'renew';
  const renewed = lease.renewTime ? Date.parse(lease.renewTime) : 0;
  return now.getTime() > renewed + lease.leaseDurationSeconds * 1000 ? 'acquire' : 'wait';
}

export function readLeaseState(lease: JsonObject): LeaseState {
  const spec = isJsonObject(lease.spec ?? null) ? (lease.spec as JsonObject) : {};
  return {
    holder: typeof spec.holderIdentity === 'string' ? spec.holderIdentity : '',
    ...(typeof spec.renewTime === 'string' ? { renewTime: spec.renewTime } : {}),
    leaseDurationSeconds: typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : 15,
    transitions: typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : 0,
  };
}

/** RFC 3339 with microseconds, the MicroTime format Lease fields use. */
export function formatMicroTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
