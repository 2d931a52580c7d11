import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';
import { jsonEqual } from './canonical-json.js';

/**
 * Deep map merge with strategic-merge-patch defaults: maps merge key by key, the patch wins on scalars,
 * lists replace, and a `null` in the patch removes the key. Neither input is modified.
 */
export function mergeMaps(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base }; // spread defines own properties, a `__proto__` key included
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    setOwn(out, key, isJsonObject(current) && isJsonObject(value) ? mergeMaps(current, value) : value);
  }
  return out;
}

export type ItemMerge = (base: JsonValue, patch: JsonValue) => JsonValue;

/** Merges two list items: maps merge deeply, anything else is replaced by the patch item. */
export const mergeItems: ItemMerge = (base, patch) =>
  isJsonObject(base) && isJsonObject(patch) ? mergeMaps(base, patch) : patch;

/** The patch item wins outright (used where half-merged items would be invalid, e.g. env vars). */
export const replaceItem: ItemMerge = (_base, patch) => patch;

/**
 * Merges two lists of maps keyed by `key` (the `patchMergeKey` of strategic merge), in the order a strategic
 * merge patch produces: the patch's items first, in patch order (those whose key matches a base item are
 * combined with it by `merge`), then the base items the patch does not name, in base order. Patch items
 * without the key are appended unless an equal item is already present.
 */
export function mergeListByKey(
  base: readonly JsonValue[],
  patch: readonly JsonValue[],
  key: string,
  merge: ItemMerge = mergeItems,
): JsonValue[] {
  const keyOf = (v: JsonValue): JsonValue | undefined => (isJsonObject(v) ? v[key] : undefined);
  const keyed = patch.filter((item) => keyOf(item) !== undefined);
  const named = (v: JsonValue): boolean => keyed.some((p) => jsonEqual(keyOf(p), keyOf(v)));
  const front = keyed.map((item) => {
    const match = base.find((b) => keyOf(b) !== undefined && jsonEqual(keyOf(b), keyOf(item)));
    return match === undefined ? item : merge(match, item);
  });
  const out: JsonValue[] = [...front, ...base.filter((b) => keyOf(b) === undefined || !named(b))];
  for (const item of patch) if (keyOf(item) === undefined && !out.some((b) => jsonEqual(b, item))) out.push(item);
  return out;
}
