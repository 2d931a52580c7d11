import yaml from 'js-yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/api/json.js';
import { canonicalJson, compareStrings } from '../../src/pipeline/canonical-json.js';

/** One field that differs between istioctl's object and ours; `path` '' means the whole object. */
export interface FieldDifference {
  object: string;
  path: string;
  istioctl?: JsonValue;
  ours?: JsonValue;
}

/**
 * The labels we may add that istioctl's `manifest generate` does not print: istioctl writes them when it
 * installs (the ownership labels a reconciling operator needs to find and prune what it owns). Where
 * istioctl does print `operator.istio.io/component` or `istio.io/rev`, ours must carry the same value.
 */
const INSTALL_TIME_LABELS = [
  'install.operator.istio.io/owning-resource',
  'install.operator.istio.io/owning-resource-namespace',
  'operator.istio.io/managed',
  'operator.istio.io/version',
];
const LABELS_ADDED_WHERE_ABSENT = ['operator.istio.io/component', 'istio.io/rev'];

export function objectKey(obj: JsonObject): string {
  const meta = isJsonObject(obj.metadata ?? null) ? (obj.metadata as JsonObject) : {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(obj.kind)} ${ns}${String(meta.name)}`;
}

/** Drops the tolerated install-time labels from our object (only metadata.labels, never selectors). */
export function withoutInstallLabels(ours: JsonObject, istioctl: JsonObject | undefined): JsonObject {
  const meta = ours.metadata as JsonObject | undefined;
  const labels = meta && isJsonObject(meta.labels ?? null) ? { ...(meta.labels as JsonObject) } : undefined;
  if (!meta || !labels) return ours;
  const theirs = (istioctl?.metadata as JsonObject | undefined)?.labels as JsonObject | undefined;
  for (const key of INSTALL_TIME_LABELS) delete labels[key];
  for (const key of LABELS_ADDED_WHERE_ABSENT) if (theirs?.[key] === undefined) delete labels[key];
  const metadata: JsonObject = { ...meta, labels };
  if (Object.keys(labels).length === 0) delete metadata.labels;
  return { ...ours, metadata };
}

/** Compares two renders as full objects, keyed by kind/namespace/name; every differing leaf is reported. */
export function compareManifests(istioctl: readonly JsonObject[], ours: readonly JsonObject[]): FieldDifference[] {
  const theirs = new Map(istioctl.map((o) => [objectKey(o), o]));
  const mine = new Map(ours.map((o) => [objectKey(o), o]));
  const keys = [...new Set([...theirs.keys(), ...mine.keys()])].sort(compareStrings);
  const out: FieldDifference[] = [];
  for (const key of keys) {
    const a = theirs.get(key);
    const b = mine.get(key);
    if (!a || !b) out.push({ object: key, path: '', ...(a ? { istioctl: 'present' } : { ours: 'present' }) });
    else diffValue(key, '', a, withoutInstallLabels(b, a), out);
  }
  return out;
}

/** Lists of uniquely named objects (containers, env, ports, volumes) are matched by name, order checked apart. */
function namesOf(list: JsonValue[]): string[] | undefined {
  const names = list.map((v) => (isJsonObject(v) && typeof v.name === 'string' ? v.name : undefined));
  if (names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
  return names as string[];
}

function diffValue(object: string, path: string, a: JsonValue | undefined, b: JsonValue | undefined, out: FieldDifference[]): void {
  if (a === undefined && b === undefined) return;
  if (isJsonObject(a ?? null) && isJsonObject(b ?? null)) {
    const ao = a as JsonObject;
    const bo = b as JsonObject;
    for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort(compareStrings)) {
      diffValue(object, path === '' ? k : `${path}.${k}`, ao[k], bo[k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const an = namesOf(a);
    const bn = namesOf(b);
    if (an && bn) {
      if (an.join('\n') !== bn.join('\n') && new Set([...an, ...bn]).size === an.length && an.length === bn.length) {
        out.push({ object, path: `${path}[*].name (order)`, istioctl: an, ours: bn });
      }
      const byName = (list: JsonValue[], name: string): JsonValue | undefined =>
        list.find((v) => isJsonObject(v) && v.name === name);
      for (const name of [...new Set([...an, ...bn])]) diffValue(object, `${path}[${name}]`, byName(a, name), byName(b, name), out);
      return;
    }
    if (a.length === b.length) {
      a.forEach((v, i) => diffValue(object, `${path}[${i}]`, v, b[i], out));
      return;
    }
  }
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null) && (a === undefined) === (b === undefined)) return;
  const docs = embeddedDocuments(path, a, b);
  if (docs) {
    diffValue(object, `${path}>`, docs[0], docs[1], out);
    return;
  }
  const d: FieldDifference = { object, path };
  if (a !== undefined) d.istioctl = a;
  if (b !== undefined) d.ours = b;
  out.push(d);
}

/**
 * ConfigMap data that holds a YAML/JSON document (mesh config, injector values and config) is compared as
 * the document its reader parses, so key order and quoting inside the string are no difference.
 */
function embeddedDocuments(path: string, a: JsonValue | undefined, b: JsonValue | undefined): [JsonValue, JsonValue] | undefined {
  if (!path.startsWith('data.') || path.includes('>') || typeof a !== 'string' || typeof b !== 'string') return undefined;
  try {
    const pa = yaml.load(a) as JsonValue;
    const pb = yaml.load(b) as JsonValue;
    return isJsonObject(pa) && isJsonObject(pb) ? [pa, pb] : undefined;
  } catch {
    return undefined;
  }
}
