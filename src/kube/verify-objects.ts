import { identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { computeApplyDrift } from './apply-noop.js';

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

export interface DriftOptions {
  /**
   * CRDs are shared by every installation (the ownership check exempts them too), so the owner labels
   * of whichever installation applied them last are accepted rather than reported as drift.
   */
  anyCrdOwner?: boolean;
}

/**
 * How each desired object compares with its live copy, judged exactly as the apply no-op check
 * judges it: `matches` means server-side applying it as our field manager would change nothing.
 * Pure; `live` is keyed by identityOf (what ClusterPort.readLive returns).
 */
export function computeObjectDrift(desired: readonly KubeObject[], live: ReadonlyMap<string, KubeObject | undefined>, opts: DriftOptions = {}): ObjectDrift[] {
  return desired.map((obj) => {
    const current = live.get(identityOf(obj));
    if (!current) return { ref: refOf(obj), state: ObjectStates.missing };
    const compared = opts.anyCrdOwner && obj.kind === 'CustomResourceDefinition' ? withOwnerOf(obj, current) : obj;
    const path = computeApplyDrift(compared, current, FIELD_MANAGER);
    return path === undefined ? { ref: refOf(obj), state: ObjectStates.matches } : { ref: refOf(obj), state: ObjectStates.drifted, path };
  });
}

/** `obj` with the live copy's ownership label values, where the live copy has them. */
function withOwnerOf(obj: KubeObject, live: KubeObject): KubeObject {
  const labels = { ...obj.metadata.labels };
  for (const key of [LabelKeys.owningResource, LabelKeys.owningResourceNamespace]) {
    const value = live.metadata.labels?.[key];
    if (value !== undefined && key in labels) labels[key] = value;
  }
  return { ...obj, metadata: { ...obj.metadata, labels } };
}
