import type { JsonObject, JsonValue } from '../../src/api/json.js';
import { isJsonObject } from '../../src/api/json.js';

const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Applies RFC 6902 add/replace/remove operations (what istiod's /inject answers) to a copy of `doc`. */
export function applyJsonPatch(doc: JsonObject, ops: readonly JsonObject[]): JsonObject {
  const root = structuredClone(doc);
  for (const op of ops) {
    const parts = String(op.path).split('/').slice(1).map(unescape);
    const last = parts.pop();
    if (last === undefined) throw new Error(`JSON patch path ${String(op.path)} is the root`);
    let parent: JsonValue = root;
    for (const p of parts) {
      // Go serialises empty structs (`resources: {}`) that our JSON pod leaves out: an add may go below one.
      if (isJsonObject(parent) && parent[p] === undefined && op.op === 'add') parent[p] = {};
      parent = Array.isArray(parent) ? (parent[Number(p)] as JsonValue) : ((parent as JsonObject)[p] as JsonValue);
    }
    const value = (op.value ?? null) as JsonValue;
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(i, 0, value);
      else if (op.op === 'replace') parent[i] = value;
      else if (op.op === 'remove') parent.splice(i, 1);
      else throw new Error(`unsupported JSON patch op ${String(op.op)}`);
    } else if (isJsonObject(parent)) {
      if (op.op === 'add' || op.op === 'replace') parent[last] = value;
      else if (op.op === 'remove') delete parent[last];
      else throw new Error(`unsupported JSON patch op ${String(op.op)}`);
    } else {
      throw new Error(`JSON patch path ${String(op.path)} has no parent`);
    }
  }
  return root;
}

export interface JsonDifference {
  path: string;
  ours: JsonValue | undefined;
  theirs: JsonValue | undefined;
}

/**
 * Leaf-level differences between two documents. List items that carry a `name` are matched by name
 * (containers, volumes, env), so one extra item is one difference, not a shifted list.
 */
export function diffJson(ours: JsonValue | undefined, theirs: JsonValue | undefined, path = ''): JsonDifference[] {
  if (isJsonObject(ours) && isJsonObject(theirs)) {
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
    return keys.flatMap((k) => diffJson(ours[k], theirs[k], `${path}.${k}`));
  }
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    const named = (l: JsonValue[]): boolean => l.length > 0 && l.every((i) => isJsonObject(i) && typeof i.name === 'string');
    if (named(ours) && named(theirs)) {
      const byName = (l: JsonValue[]): Map<string, JsonValue> => new Map(l.map((i) => [String((i as JsonObject).name), i]));
      const a = byName(ours);
      const b = byName(theirs);
      const order = [...a.keys()].join(',') === [...b.keys()].join(',') ? [] : [{ path: `${path}[*].name`, ours: [...a.keys()], theirs: [...b.keys()] }];
      const names = [...new Set([...a.keys(), ...b.keys()])];
      return [...order, ...names.flatMap((n) => diffJson(a.get(n), b.get(n), `${path}[${n}]`))];
    }
    if (ours.length === theirs.length) return ours.flatMap((v, i) => diffJson(v, theirs[i], `${path}[${i}]`));
  }
  return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [{ path, ours, theirs }];
}
