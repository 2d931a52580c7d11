import { identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { computeApplyDrift } from './apply-noop.js';
import { yieldForeignFields } from './foreign-fields.js';

export const ObjectStates = {
  missing: 'missing',
  drifted: 'drifted',
  matches: 'matches',
} as const;
export type ObjectState = (typeof ObjectStates)[keyof typeof ObjectStates];

export interface ObjectDrift {
  ref: ObjectRef;
  state: ObjectState;
  /** For `drifted`: the first field path where an apply would change something. */
  path?: string;
}


/**
 * How each desired object compares with its live copy, judged exactly as the apply no-op check
 * judges it: `matches` means server-side applying it as our field manager would change nothing.
 * Pure; `live` is keyed by identityOf (what ClusterPort.readLive returns).
 */
export function computeObjectDrift(desired: readonly KubeObject[], live: ReadonlyMap<string, KubeObject | undefined>): ObjectDrift[] {
  return desired.map((obj) => {
    const current = live.get(identityOf(obj));
    if (!current) return { ref: refOf(obj), state: ObjectStates.missing };
    const path = computeApplyDrift(yieldForeignFields(obj, current, FIELD_MANAGER), current, FIELD_MANAGER);
    return path === undefined ? { ref: refOf(obj), state: ObjectStates.matches } : { ref: refOf(obj), state: ObjectStates.drifted, path };
  });
}

