import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { compareStrings } from './canonical-json.js';

/** Shared by the per-kind fact extractors of the parity inventory. */
export type Facts = Record<string, JsonValue>;
export type Extractor = (obj: JsonObject, facts: Facts) => void;

export function at(value: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let cur = value;
  for (const key of path) cur = isJsonObject(cur ?? null) ? (cur as JsonObject)[key] : undefined;
  return cur;
}

export function list(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter((v): v is JsonObject => isJsonObject(v)) : [];
}

export function put(facts: Facts, key: string, value: JsonValue | undefined): void {
  if (value !== undefined) facts[key] = value;
}

export function sortedStrings(values: string[]): string[] {
  return [...values].sort(compareStrings);
}
