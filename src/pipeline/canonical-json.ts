import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';

/** Code-unit order, not locale order: the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A deep copy with every map's keys in sorted order (lists keep their order). Keys whose value is
 * `undefined` are dropped, as JSON.stringify would, so code-built objects serialise like parsed ones.
 */
export function sortKeysDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort(compareStrings)) {
    const child = value[key];
    if (child !== undefined) setOwn(out, key, sortKeysDeep(child));
  }
  return out;
}

/** JSON text that is identical for structurally equal values, whatever their key order. */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeysDeep(value));
}

/** Structural equality of two JSON values, ignoring key order. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a ?? null) && isJsonObject(b ?? null)) {
    const ao = a as JsonObject;
    const bo = b as JsonObject;
    const keys = Object.keys(ao);
    return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
  }
  return false;
}

/**
 * A deep copy, so a pure step can edit its result without touching its input. By hand, not structuredClone:
 * that refuses a proxy anywhere inside the value, and the upstream CRD specs are proxies (lazy-json.ts).
 */
export function cloneJson<T>(value: T): T {
  return copyJson(value as JsonValue) as T;
}

function copyJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(copyJson);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(out, key, copyJson(value[key] as JsonValue));
  return out;
}
