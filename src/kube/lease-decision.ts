import { isJsonObject, type JsonObject } from '../api/json.js';

export interface LeaseState {
  holder: string;
  renewTime?: string;
  leaseDurationSeconds: number;
  transitions: number;
}

export type LeaseAction = 'acquire' | 'renew' | 'wait';

/**
 * When we last saw the lease record change, by OUR clock. As in client-go, the holder's renewTime is
 * never compared with the local clock (the two clocks may disagree by minutes): a lease is expired
 * when its record has not changed for a whole lease duration of local time.
 */
export interface LeaseObservation {
  record: string;
  observedAtMs: number;
}

/** The observation after reading `lease` at local time `nowMs`: the clock restarts only when the record changed. */
export function observeLease(previous: LeaseObservation | undefined, lease: LeaseState | undefined, nowMs: number): LeaseObservation {
  const record = lease ? JSON.stringify([lease.holder, lease.renewTime ?? '', lease.leaseDurationSeconds, lease.transitions]) : '';
  return previous?.record === record ? previous : { record, observedAtMs: nowMs };
}

/** What a candidate should do with the current Lease: take it (free or expired), renew it (ours), or wait. */
export function decideLease(lease: LeaseState | undefined, identity: string, observation: LeaseObservation, nowMs: number): LeaseAction {
  if (!lease || lease.holder === '') return 'acquire';
  if (lease.holder === identity) return 'renew';
  return nowMs > observation.observedAtMs + lease.leaseDurationSeconds * 1000 ? 'acquire' : 'wait';
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
