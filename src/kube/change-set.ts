import type { KubeObject, ObjectRef } from '../api/kube-object.js';
import { identityOf } from '../api/kube-object.js';
import type { RequestCount } from './kube-rest.js';

export const ChangeActions = {
  created: 'created',
  configured: 'configured',
  unchanged: 'unchanged',
  pruned: 'pruned',
} as const;
export type ChangeAction = (typeof ChangeActions)[keyof typeof ChangeActions];

export interface ChangeEntry {
  ref: ObjectRef;
  action: ChangeAction;
}

/** What one apply or prune pass did, and how many API requests it cost. */
export interface ChangeSet {
  entries: ChangeEntry[];
  requests: RequestCount;
}

/** Identity of an object for maps and sets: group (not version), kind, namespace, name. */
export const refKey = (ref: ObjectRef | KubeObject): string => identityOf(ref);

/** Entries other than `unchanged`: what a caller logs or reports as having changed. */
export function computeChanged(cs: ChangeSet): ChangeEntry[] {
  return cs.entries.filter((e) => e.action !== ChangeActions.unchanged);
}
