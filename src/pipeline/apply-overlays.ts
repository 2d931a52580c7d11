import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import type { OverlaySpec } from '../api/istio-operator.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { cloneJson } from './canonical-json.js';
import { checkInputTree } from './check-input-tree.js';
import { OVERLAY_VALUE_LIMITS } from './input-limits.js';
import { jsYaml } from '../startup/js-yaml-lazy.js';
import { applyPathPatch, parseOverlayPath } from './overlay-path.js';
import { findProtectedField } from './protected-fields.js';

/**
 * Applies `k8s.overlays` to one component's objects, in order. An overlay selects objects by `kind` and
 * `metadata.name` (apiVersion ignored, as istioctl does). An overlay that selects nothing, or a patch
 * path that matches nothing, is an error: silently ignoring it would hide a typo until production.
 * All errors are reported together; nothing is returned half-patched.
 */
export function applyOverlays(objects: KubeObject[], overlays: OverlaySpec[], where: string): Result<KubeObject[]> {
  let current = objects;
  const errors: FieldError[] = [];
  overlays.forEach((overlay, i) => {
    const at = `${where}.overlays[${i}]`;
    const selected = current.filter((o) => o.kind === overlay.kind && o.metadata.name === overlay.name);
    if (selected.length === 0) {
      errors.push({ path: at, reason: describeMiss(current, overlay) });
      return;
    }
    current = current.map((obj) => (selected.includes(obj) ? patchObject(obj, overlay, at, errors) : obj));
  });
  return errors.length > 0 ? fail(errors) : ok(current);
}

function describeMiss(objects: KubeObject[], overlay: OverlaySpec): string {
  const names = [...new Set(objects.filter((o) => o.kind === overlay.kind).map((o) => o.metadata.name))].sort();
  const have = names.length > 0 ? `this component has ${overlay.kind} ${names.join(', ')}` : `this component renders no ${overlay.kind}`;
  return `no ${overlay.kind} named "${overlay.name}" to overlay; ${have}`;
}

function patchObject(obj: KubeObject, overlay: OverlaySpec, at: string, errors: FieldError[]): KubeObject {
  // One copy per overlay, patched in place: a copy per patch made the largest CR's render several times slower.
  let body = cloneJson(obj as unknown as JsonObject);
  (overlay.patches ?? []).forEach((patch, j) => {
    const path = `${at}.patches[${j}].path`;
    const segments = parseOverlayPath(typeof patch.path === 'string' ? patch.path : '');
    if (!segments.ok) {
      errors.push({ path, reason: segments.reason });
      return;
    }
    const guarded = findProtectedField(obj.kind, segments.value);
    if (guarded !== undefined) {
      errors.push({ path, reason: `${obj.kind} ${obj.metadata.name}: "${patch.path}" would change ${guarded}, which only the chart sets (${describeGuard(guarded)})` });
      return;
    }
    const value = patch.value === null || patch.value === undefined ? undefined : parseOverlayValue(patch.value, `${at}.patches[${j}].value`);
    if (value !== undefined && !value.ok) {
      errors.push(...value.errors);
      return;
    }
    const patched = applyPathPatch(body, segments.value, value?.value, true);
    if (patched.ok) body = patched.value;
    else errors.push({ path, reason: `${overlay.kind} ${obj.metadata.name}: ${patched.reason}` });
  });
  return body as unknown as KubeObject;
}

function describeGuard(field: string): string {
  if (field === 'rules' || field === 'aggregationRule') return 'the permissions it grants';
  if (field === 'roleRef' || field === 'subjects') return 'who is granted what';
  return "the object's identity";
}

/**
 * A string that reads as YAML (`"a: b"`, or several lines with a colon) becomes the structure it
 * describes, as istioctl does; plain strings such as `60m` or `--flag=a:b` stay strings. What the YAML
 * describes is checked like the spec itself (reserved keys, depth, size with aliases expanded) before
 * any step copies it.
 */
export function parseOverlayValue(value: JsonValue, path: string): Result<JsonValue> {
  if (typeof value !== 'string') return ok(value);
  const looksLikeYaml = /:(\s|$)/.test(value.trim()) && (value.includes('\n') || /^[^\s:]+:\s/.test(value.trim()));
  if (!looksLikeYaml) return ok(value);
  let parsed: unknown;
  try {
    parsed = jsYaml().load(value);
  } catch {
    return ok(value);
  }
  if (!isJsonObject(parsed as JsonValue) && !Array.isArray(parsed)) return ok(value);
  const unsafe = checkInputTree(parsed, path, OVERLAY_VALUE_LIMITS);
  return unsafe.length > 0 ? fail(unsafe) : ok(parsed as JsonValue);
}
