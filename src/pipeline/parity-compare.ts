import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { canonicalJson, compareStrings, jsonEqual } from './canonical-json.js';
import type { Inventory } from './parity-inventory.js';

/** One fact that differs. `field` is '' when the whole object exists on one side only. */
export interface ParityDifference {
  object: string;
  field: string;
  /** The value in istioctl's inventory (absent: istioctl has no such field or object). */
  istioctl?: JsonValue;
  ours?: JsonValue;
  /** For list-valued facts: items only istioctl has, and items only we have. */
  onlyIstioctl?: JsonValue[];
  onlyOurs?: JsonValue[];
}

/** A deliberate difference: which objects and fields it covers, optionally which shape, and why. */
export interface ParityAllowance {
  object: RegExp;
  field: RegExp;
  /** Narrows the allowance to one shape of difference (e.g. "istioctl has no value"). */
  when?: (d: ParityDifference) => boolean;
  reason: string;
}

export function compareInventories(istioctl: Inventory, ours: Inventory): ParityDifference[] {
  const out: ParityDifference[] = [];
  const objects = [...new Set([...Object.keys(istioctl), ...Object.keys(ours)])].sort(compareStrings);
  for (const object of objects) {
    const a = istioctl[object];
    const b = ours[object];
    if (!a || !b) {
      out.push({ object, field: '', ...(a ? { istioctl: 'present' } : { ours: 'present' }) });
      continue;
    }
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
    for (const field of fields) compareFact(object, field, a[field], b[field], out);
  }
  return out;
}

/**
 * Maps on both sides are compared key by key (the difference names the leaf, e.g.
 * `data.values.global.tag`), so an allowance can cover one leaf rather than a whole document.
 */
function compareFact(
  object: string,
  field: string,
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  out: ParityDifference[],
): void {
  if (jsonEqual(a, b)) return;
  if (isJsonObject(a ?? null) && isJsonObject(b ?? null)) {
    const ao = a as JsonObject;
    const bo = b as JsonObject;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort(compareStrings);
    for (const key of keys) compareFact(object, `${field}.${key}`, ao[key], bo[key], out);
    return;
  }
  const d: ParityDifference = { object, field };
  if (a !== undefined) d.istioctl = a;
  if (b !== undefined) d.ours = b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const inA = new Set(a.map((v) => canonicalJson(v)));
    const inB = new Set(b.map((v) => canonicalJson(v)));
    d.onlyIstioctl = a.filter((v) => !inB.has(canonicalJson(v)));
    d.onlyOurs = b.filter((v) => !inA.has(canonicalJson(v)));
  }
  out.push(d);
}

export interface AllowanceResult {
  /** Differences no allowance explains: real discrepancies. */
  unexplained: ParityDifference[];
  /** Allowances that matched nothing (stale entries to remove). */
  used: Set<ParityAllowance>;
}

export function applyAllowances(diffs: readonly ParityDifference[], allowances: readonly ParityAllowance[]): AllowanceResult {
  const used = new Set<ParityAllowance>();
  const unexplained = diffs.filter((d) => {
    const rule = allowances.find((r) => r.object.test(d.object) && r.field.test(d.field) && (r.when?.(d) ?? true));
    if (rule) used.add(rule);
    return !rule;
  });
  return { unexplained, used };
}
