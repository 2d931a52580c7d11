import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';

/**
 * Merges layers left to right, later layers winning: maps merge deeply, lists and scalars replace, and an
 * explicit `null` in a later layer sets null. Keys whose value is `undefined` are skipped. Inputs are never
 * mutated and the result shares no objects with them.
 */
export function mergeLayers(...layers: JsonObject[]): JsonObject {
  let out: JsonObject = {};
  for (const layer of layers) out = mergeTwo(out, layer);
  return out;
}

function mergeTwo(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base }; // spread defines own properties, a `__proto__` key included
  for (const [key, value] of Object.entries(over) as [string, JsonValue | undefined][]) {
    if (value === undefined) continue;
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = isJsonObject(current) && isJsonObject(value) ? mergeTwo(current, value) : cloneValue(value);
    setOwn(out, key, merged); // a YAML key `__proto__` must stay data, never become a prototype
  }
  return out;
}

function cloneValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isJsonObject(value)) return mergeTwo({}, value);
  return value;
}
