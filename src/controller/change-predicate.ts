import type { JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { changesOnlyForeignFields } from '../kube/foreign-fields.js';
import { assessObject } from '../reconcile/assess-readiness.js';

export interface ObservedChange {
  previous: KubeObject | undefined;
  deleted: boolean;
}

/**
 * Does this change of a watched object deserve a reconcile of its owner? Yes for a new or deleted
 * object, a change of labels, annotations or deletion, a new generation (spec), a changed body of a kind
 * without generations (ConfigMap data), and a change of readiness (a rollout finishing or failing).
 * No for what only moves status or resourceVersion: a Deployment's replica counters ticking while
 * readiness stays the same, our own IstioOperator status write, istiod patching the webhook fields it
 * owns (caBundle, the validator's failurePolicy: their new generation is not ours to answer). Pure.
 */
export function isRelevantChange(obj: KubeObject, change: ObservedChange): boolean {
  const { previous } = change;
  if (change.deleted || !previous) return true;
  if (changesOnlyForeignFields(previous, obj)) return false;
  const [now, before] = [obj.metadata, previous.metadata];
  if (!sameJson(now.labels, before.labels) || !sameJson(now.annotations, before.annotations)) return true;
  if (now.deletionTimestamp !== before.deletionTimestamp) return true;
  if (typeof now.generation === 'number' || typeof before.generation === 'number') {
    if (now.generation !== before.generation) return true;
  } else if (!sameJson(stripMeta(obj), stripMeta(previous))) {
    return true;
  }
  const [a, b] = [assessObject(obj), assessObject(previous)];
  return a.ready !== b.ready || (a.failed ?? false) !== (b.failed ?? false);
}

function stripMeta(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...body } = obj;
  return body;
}

function sameJson(a: JsonValue | Record<string, unknown> | undefined, b: JsonValue | Record<string, unknown> | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
