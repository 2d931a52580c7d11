import { isJsonObject, type JsonValue } from '../api/json.js';
import { formatRef, identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { canonicalJson, compareStrings, jsonEqual } from './canonical-json.js';
import { compareForApply, orderObjects } from './order-objects.js';

/** One differing field; `a` or `b` is undefined when the field is absent on that side. */
export interface FieldChange {
  path: string;
  a?: JsonValue;
  b?: JsonValue;
}

export interface ChangedObject {
  ref: ObjectRef;
  fields: FieldChange[];
}

export interface ManifestDiff {
  onlyInA: KubeObject[];
  onlyInB: KubeObject[];
  changed: ChangedObject[];
  unchanged: number;
}


/**
 * Object-level comparison keyed by (group, kind, namespace, name); bodies are compared structurally,
 * ignoring key order. Everything is listed in apply order so the report reads the same every time.
 * When one side repeats an identity, its last object counts (the one an apply would leave).
 */
export function diffManifests(a: readonly KubeObject[], b: readonly KubeObject[]): ManifestDiff {
  const byA = new Map(a.map((o) => [identityOf(o), o]));
  const byB = new Map(b.map((o) => [identityOf(o), o]));
  const diff: ManifestDiff = { onlyInA: [], onlyInB: [], changed: [], unchanged: 0 };
  for (const [id, objA] of byA) if (!byB.has(id)) diff.onlyInA.push(objA);
  const both: [KubeObject, KubeObject][] = [];
  for (const [id, objB] of byB) {
    const objA = byA.get(id);
    if (!objA) diff.onlyInB.push(objB);
    else both.push([objA, objB]);
  }
  both.sort(([, x], [, y]) => compareForApply(x, y));
  for (const [objA, objB] of both) {
    const fields: FieldChange[] = [];
    collectChanges(objA as unknown as JsonValue, objB as unknown as JsonValue, '', fields);
    if (fields.length === 0) diff.unchanged++;
    else diff.changed.push({ ref: refOf(objB), fields });
  }
  diff.onlyInA = orderObjects(diff.onlyInA);
  diff.onlyInB = orderObjects(diff.onlyInB);
  return diff;
}

function collectChanges(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: FieldChange[]): void {
  if (jsonEqual(a, b)) return;
  if (isJsonObject(a ?? null) && isJsonObject(b ?? null)) {
    const ma = a as Record<string, JsonValue>;
    const mb = b as Record<string, JsonValue>;
    const keys = [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort(compareStrings);
    for (const key of keys) collectChanges(ma[key], mb[key], joinKey(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const namesA = uniqueNames(a);
    const namesB = uniqueNames(b);
    if (namesA && namesB) {
      // Lists of named items (containers, env, ports) compare by name, so one insertion is one change.
      const names = [...namesA.keys(), ...[...namesB.keys()].filter((n) => !namesA.has(n))];
      const before = out.length;
      for (const n of names) collectChanges(namesA.get(n), namesB.get(n), `${path}[name:${n}]`, out);
      // Same items in another order still differ (env order matters for $(VAR) references).
      if (out.length === before) out.push({ path, a, b });
    } else {
      for (let i = 0; i < Math.max(a.length, b.length); i++) collectChanges(a[i], b[i], `${path}[${i}]`, out);
    }
    return;
  }
  out.push({ path: path || '.', ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) });
}

function uniqueNames(list: JsonValue[]): Map<string, JsonValue> | undefined {
  const names = new Map<string, JsonValue>();
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.name !== 'string' || names.has(item.name)) return undefined;
    names.set(item.name, item);
  }
  return names.size > 0 ? names : undefined;
}

/** `spec.replicas`, but `metadata.labels["app.kubernetes.io/name"]` when the key has odd characters. */
function joinKey(path: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

const show = (v: JsonValue | undefined): string => (v === undefined ? '<absent>' : canonicalJson(v));

/** A readable report: `- ` only in A, `+ ` only in B, `~ ` changed with one line per field. */
export function formatManifestDiff(diff: ManifestDiff, labels: { a: string; b: string }): string {
  const lines = [`--- ${labels.a}`, `+++ ${labels.b}`];
  for (const o of diff.onlyInA) lines.push(`- ${formatRef(refOf(o))}`);
  for (const o of diff.onlyInB) lines.push(`+ ${formatRef(refOf(o))}`);
  for (const c of diff.changed) {
    lines.push(`~ ${formatRef(c.ref)}`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${show(f.a)} -> ${show(f.b)}`);
  }
  const { onlyInA, onlyInB, changed, unchanged } = diff;
  lines.push(
    onlyInA.length + onlyInB.length + changed.length === 0
      ? `No differences (${unchanged} objects are the same).`
      : `${onlyInA.length} only in ${labels.a}, ${onlyInB.length} only in ${labels.b}, ${changed.length} changed, ${unchanged} unchanged.`,
  );
  return `${lines.join('\n')}\n`;
}
