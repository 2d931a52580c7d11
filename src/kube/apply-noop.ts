import type { JsonObject, JsonValue } from '../api/json.js';
import { isJsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { areQuantitiesEqual } from './quantity.js';

/** Identity fields: part of every apply body, never tracked in managedFields. */
const IDENTITY = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']);
/** Map keys whose values are resource quantities the API server canonicalises (`1000m` -> `1`). */
const QUANTITY_PARENTS = new Set(['limits', 'requests', 'hard', 'overhead', 'capacity', 'allocatable']);

/**
 * True when server-side applying `desired` as `fieldManager` would change nothing: every field we set
 * already has our value in `live`, and our manager's Apply entry owns exactly those fields (owning
 * more would mean SSA removes them; owning fewer means someone else took them over).
 */
export function isApplyNoop(desired: KubeObject, live: KubeObject | undefined, fieldManager: string): boolean {
  return computeApplyDrift(desired, live, fieldManager) === undefined;
}

/** The first path where an apply would change something, or undefined for a no-op. Pure. */
export function computeApplyDrift(desired: KubeObject, live: KubeObject | undefined, fieldManager: string): string | undefined {
  if (!live) return '(object missing)';
  const want = desired as unknown as JsonObject;
  const valueDrift = compareValue(want, live as unknown as JsonObject, '', '', '');
  if (valueDrift !== undefined) return valueDrift;
  const fields = findAppliedFields(live, fieldManager);
  // An apply that sets nothing beyond identity leaves no entry behind; nothing to own then.
  if (!fields) return compareOwnership(want, {}, '') === undefined ? undefined : `(no Apply entry for manager ${fieldManager})`;
  return compareOwnership(want, fields, '');
}

/**
 * The first path where `live` lacks a value `desired` sets, field ownership aside: what an apply would
 * change in content (defaults and other managers' extra fields are not a change). Pure.
 */
export function computeValueDrift(desired: KubeObject, live: KubeObject): string | undefined {
  return compareValue(desired as unknown as JsonObject, live as unknown as JsonObject, '', '', '');
}

/** The `fieldsV1` set of our manager's Apply entry, if it has one. */
export function findAppliedFields(live: KubeObject, fieldManager: string): JsonObject | undefined {
  const entries = live.metadata.managedFields;
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries) {
    if (!isJsonObject(e) || e.manager !== fieldManager || e.operation !== 'Apply' || (e.subresource ?? '') !== '') continue;
    return isJsonObject(e.fieldsV1) ? e.fieldsV1 : {};
  }
  return undefined;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Does `live` carry every value of `want`? Extra live fields (defaults, other managers) are fine. */
function compareValue(want: JsonValue, live: JsonValue | undefined, path: string, key: string, parentKey: string): string | undefined {
  if (want === null) return live === undefined || live === null ? undefined : path;
  // Go's `omitempty` drops zero values from what we read back: `value: ""` reads as absent.
  if (live === undefined && isZeroValue(want)) return undefined;
  if (isJsonObject(want)) {
    if (!isJsonObject(live)) return path;
    for (const [k, v] of Object.entries(want)) {
      const d = compareValue(v, live[k], join(path, k), k, key);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (Array.isArray(want)) return compareList(want, live, path);
  if (want === live) return undefined;
  if (typeof want === 'number' && typeof live === 'string' && String(want) === live) return undefined;
  if (QUANTITY_PARENTS.has(parentKey) || key === 'sizeLimit') {
    if ((typeof want === 'string' || typeof want === 'number') && typeof live === 'string' && areQuantitiesEqual(String(want), live)) return undefined;
  }
  return path;
}

function isZeroValue(v: JsonValue): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (isJsonObject(v)) return Object.keys(v).length === 0;
  return v === '' || v === false || v === 0;
}

/**
 * Scalar lists must match exactly. Object lists match item by item; when live is longer (another
 * manager added entries to an associative list) our items must appear in order.
 */
function compareList(want: JsonValue[], live: JsonValue | undefined, path: string): string | undefined {
  if (!Array.isArray(live)) return path;
  const scalars = want.every((w) => !isJsonObject(w) && !Array.isArray(w));
  if (scalars || want.length === live.length) {
    if (want.length !== live.length) return path;
    for (let i = 0; i < want.length; i++) {
      const d = compareValue(want[i] ?? null, live[i], `${path}[${i}]`, '', '');
      if (d !== undefined) return d;
    }
    return undefined;
  }
  let j = 0;
  for (let i = 0; i < want.length; i++) {
    while (j < live.length && compareValue(want[i] ?? null, live[j], '', '', '') !== undefined) j++;
    if (j >= live.length) return `${path}[${i}]`;
    j++;
  }
  return undefined;
}

/** Compare the fields we set with the `f:` set our manager owns, in both directions. */
function compareOwnership(want: JsonObject, owned: JsonObject, path: string, keyFields: ReadonlySet<string> = new Set()): string | undefined {
  for (const [k, v] of Object.entries(want)) {
    const p = join(path, k);
    if (IDENTITY.has(p) || v === null) continue;
    // metadata holding only name/namespace leaves no `f:metadata` at all.
    const child = owned[`f:${k}`] ?? (p === 'metadata' ? {} : undefined);
    if (child === undefined) return `${p} (not owned)`;
    // An empty entry is a leaf: for a map it means an atomic map (e.g. a label selector) owned whole.
    if (isJsonObject(v) && isJsonObject(child) && Object.keys(child).length === 0) continue;
    if (isJsonObject(v)) {
      const d = compareOwnership(v, isJsonObject(child) ? child : {}, p);
      if (d !== undefined) return d;
    } else if (Array.isArray(v)) {
      const d = compareListOwnership(v, isJsonObject(child) ? child : {}, p);
      if (d !== undefined) return d;
    }
  }
  for (const key of Object.keys(owned)) {
    if (!key.startsWith('f:')) continue;
    const k = key.slice(2);
    if (keyFields.has(k)) continue;
    if (!(k in want) || want[k] === null) return `${join(path, k)} (owned, no longer set)`;
  }
  return undefined;
}

/** Associative lists list one `k:`/`v:` entry per item we applied; atomic lists own the list as a whole. */
function compareListOwnership(want: JsonValue[], owned: JsonObject, path: string): string | undefined {
  const items = Object.keys(owned).filter((k) => k.startsWith('k:') || k.startsWith('v:'));
  if (items.length === 0) return undefined;
  if (items.length !== want.length) return `${path} (owns ${items.length} items, sets ${want.length})`;
  for (const key of items) {
    if (!key.startsWith('k:')) continue;
    const entry = owned[key];
    const parsed = parseItemKey(key.slice(2));
    const item = parsed && findItemByKey(want, parsed);
    if (!parsed || !item) return `${path}[${key}] (owned item no longer set)`;
    const d = compareOwnership(item, isJsonObject(entry) ? entry : {}, `${path}[${key.slice(2)}]`, new Set(Object.keys(parsed)));
    if (d !== undefined) return d;
  }
  return undefined;
}

function parseItemKey(keyJson: string): JsonObject | undefined {
  try {
    const key = JSON.parse(keyJson) as JsonValue;
    return isJsonObject(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** A key field absent from our item was defaulted by the server (e.g. `protocol: TCP`), so it matches. */
function findItemByKey(want: JsonValue[], key: JsonObject): JsonObject | undefined {
  const matches = (w: JsonObject): boolean => Object.entries(key).every(([k, v]) => w[k] === undefined || String(w[k]) === String(v));
  return want.find((w): w is JsonObject => isJsonObject(w) && matches(w));
}
