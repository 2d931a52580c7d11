import { isJsonObject, type JsonValue } from '../../src/api/json.js';

/** One leaf where two JSON documents disagree; `undefined` on a side means the path is absent there. */
export interface Difference {
  readonly path: string;
  readonly ours: JsonValue | undefined;
  readonly upstream: JsonValue | undefined;
}

/**
 * Every difference between two JSON values, leaf by leaf. Lists of objects that all carry a `name` (containers,
 * env, volumes, mounts) are compared by name, plus their name order, so one missing entry reads as one difference.
 */
export function diffJson(ours: JsonValue | undefined, upstream: JsonValue | undefined, path = ''): Difference[] {
  if (isJsonObject(ours ?? null) && isJsonObject(upstream ?? null)) {
    const a = ours as Record<string, JsonValue>;
    const b = upstream as Record<string, JsonValue>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffJson(a[k], b[k], `${path}.${k}`));
  }
  if (Array.isArray(ours) && Array.isArray(upstream)) {
    if (isNamedList(ours) && isNamedList(upstream)) return diffNamedLists(ours, upstream, path);
    if (ours.length === upstream.length) return ours.flatMap((v, i) => diffJson(v, upstream[i], `${path}[${i}]`));
  }
  return JSON.stringify(ours) === JSON.stringify(upstream) ? [] : [{ path, ours, upstream }];
}

type Named = { name: string } & Record<string, JsonValue>;

function isNamedList(list: JsonValue[]): list is Named[] {
  return list.length > 0 && list.every((v) => isJsonObject(v) && typeof (v as Record<string, JsonValue>).name === 'string');
}

function diffNamedLists(ours: Named[], upstream: Named[], path: string): Difference[] {
  const order = (l: Named[]): string[] => l.map((v) => v.name);
  const byName = (l: Named[]): Record<string, JsonValue> => Object.fromEntries(l.map((v) => [v.name, v]));
  const out = diffJson(byName(ours), byName(upstream), path);
  const [a, b] = [order(ours), order(upstream)];
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: `${path}(order)`, ours: a, upstream: b });
  return out;
}
