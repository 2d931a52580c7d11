import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { jsonEqual } from './canonical-json.js';

/**
 * Deep map merge with strategic-merge-patch defaults: maps merge key by key, the patch wins on scalars,
 * lists replace, and a `null` in the patch removes the key. Neither input is modified.
 */
export function mergeMaps(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    out[key] = isJsonObject(current) && isJsonObject(value) ? mergeMaps(current, value) : value;
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
 * Merges two lists of maps keyed by `key` (the `patchMergeKey` of strategic merge): items whose key
 * matches are combined with `merge` in place, patch items with new keys are appended in patch order.
 * Patch items without the key are appended unless an equal item is already present.
 */
export function mergeListByKey(
  base: readonly JsonValue[],
  patch: readonly JsonValue[],
  key: string,
  merge: ItemMerge = mergeItems,
): JsonValue[] {
  const out: JsonValue[] = [...base];
  for (const item of patch) {
    const id = isJsonObject(item) ? item[key] : undefined;
    const at = id === undefined ? -1 : out.findIndex((b) => isJsonObject(b) && jsonEqual(b[key], id));
    if (at >= 0) out[at] = merge(out[at] as JsonValue, item);
    else if (id !== undefined || !out.some((b) => jsonEqual(b, item))) out.push(item);
  }
  return out;
}
