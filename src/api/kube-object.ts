import type { JsonValue } from './json.js';

/** The metadata fields we read and write; everything else passes through untouched. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: JsonValue | undefined;
}

/** A Kubernetes object as rendered or read back: typed envelope, free-form body. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: JsonValue | ObjectMeta | undefined;
}

/** Identity of an object within a cluster (apiVersion's group, not its version, is part of identity). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export function refOf(obj: KubeObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata.name,
  };
}

/** `apps/v1` -> `apps`, `v1` -> `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A stable, human-readable key: `Kind group namespace/name`. */
export function formatRef(ref: ObjectRef): string {
  const group = groupOf(ref.apiVersion);
  const kind = group ? `${ref.kind}.${group}` : ref.kind;
  return ref.namespace ? `${kind} ${ref.namespace}/${ref.name}` : `${kind} ${ref.name}`;
}

/**
 * Identity of an object for maps and set differences: group (not version), kind, namespace, name.
 * A version bump of a kind (autoscaling/v1 -> v2) is the same object, not a prune plus a create.
 */
export function identityOf(obj: KubeObject | ObjectRef): string {
  return formatRef('metadata' in obj ? refOf(obj) : obj);
}

