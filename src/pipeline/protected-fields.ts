import type { FieldError } from '../api/errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { canonicalJson } from './canonical-json.js';
import type { PathSegment } from './overlay-path.js';

/** What makes an object the one the chart rendered: changing it would write somewhere else. */
const IDENTITY = [['kind'], ['apiVersion'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'generateName']];

/** The permissions an RBAC object grants, by kind: the chart decides them, never an IstioOperator. */
const GRANTS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Role: [['rules']],
  ClusterRole: [['rules'], ['aggregationRule']],
  RoleBinding: [['roleRef'], ['subjects']],
  ClusterRoleBinding: [['roleRef'], ['subjects']],
};

export function protectedFieldsOf(kind: string): readonly (readonly string[])[] {
  return Object.hasOwn(GRANTS, kind) ? [...IDENTITY, ...(GRANTS[kind] ?? [])] : IDENTITY;
}

/**
 * The protected field an overlay path would change on an object of `kind`, if any: the path leads into
 * the field, or replaces a map that holds it (`metadata`). Keys compare case-insensitively, so a
 * spelling a lenient decoder might accept for the real field is refused too.
 */
export function findProtectedField(kind: string, segments: readonly PathSegment[]): string | undefined {
  for (const field of protectedFieldsOf(kind)) {
    const shared = Math.min(field.length, segments.length);
    let touches = true;
    for (let i = 0; i < shared && touches; i++) {
      const seg = segments[i] as PathSegment;
      touches = seg.type === 'key' && seg.key.toLowerCase() === (field[i] as string).toLowerCase();
    }
    if (touches) return field.join('.');
  }
  return undefined;
}

/**
 * The safety net behind the overlay check: after k8s settings and overlays, every object must still be
 * the one the chart rendered (same count, order, identity) with the same grants. Whatever step changed
 * them, the render is refused rather than applied.
 */
export function checkProtectedFieldsKept(before: readonly KubeObject[], after: readonly KubeObject[], where: string): FieldError[] {
  if (before.length !== after.length) {
    return [{ path: where, reason: `post-processing turned ${before.length} rendered objects into ${after.length}; refused` }];
  }
  const errors: FieldError[] = [];
  before.forEach((rendered, i) => {
    const now = after[i] as KubeObject;
    if (snapshotProtectedFields(rendered, rendered.kind) !== snapshotProtectedFields(now, rendered.kind)) {
      const fields = protectedFieldsOf(rendered.kind).map((f) => f.join('.')).join(', ');
      errors.push({ path: where, reason: `${rendered.kind} ${rendered.metadata.name}: post-processing changed one of ${fields}, which only the chart sets; refused` });
    }
  });
  return errors;
}

/** The protected fields (those of `kind`) of an object, as one comparable text. */
function snapshotProtectedFields(obj: KubeObject, kind: string): string {
  return canonicalJson(protectedFieldsOf(kind).map((field) => readField(obj as unknown as JsonObject, field)));
}

function readField(root: JsonObject, field: readonly string[]): JsonValue {
  let node: JsonValue = root;
  for (const key of field) {
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return null;
    node = node[key] as JsonValue;
  }
  return node;
}
