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
 * Ownership labels are written at install time, for the installer to find and prune what it owns: istioctl's
 * charts print `install.operator.istio.io/owning-resource: unknown` in `manifest generate`, we print the
 * owner only when reconciling a CR, and we add the managed/version labels istioctl adds when it installs.
 * They are dropped on both sides, on objects and pod templates.
 */
const INSTALL_TIME_LABELS = [
  'install.operator.istio.io/owning-resource',
  'install.operator.istio.io/owning-resource-namespace',
  'operator.istio.io/managed',
  'operator.istio.io/version',
];
/** We add these to every object; where istioctl's output has them, ours must carry the same value. */
const LABELS_ADDED_WHERE_ABSENT = ['operator.istio.io/component', 'istio.io/rev'];
/**
 * istioctl built from source carries its charts' placeholder version 1.0.0, which istio/release-builder
 * replaces with the release in the istioctl people download: compare with the released labels.
 */
const PLACEHOLDER_CHART_VERSION = '1.0.0';

export function objectKey(obj: JsonObject): string {
  const meta = isJsonObject(obj.metadata ?? null) ? (obj.metadata as JsonObject) : {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(obj.kind)} ${ns}${String(meta.name)}`;
}

type LabelEdit = (labels: JsonObject) => void;

/** Applies `edit` to a copy of the object's labels and of its pod template's labels. */
function editLabels(obj: JsonObject, edit: LabelEdit): JsonObject {
  const copy = JSON.parse(JSON.stringify(obj)) as JsonObject;
  const holders = [copy.metadata, ((copy.spec as JsonObject | undefined)?.template as JsonObject | undefined)?.metadata];
  for (const holder of holders) {
    if (!isJsonObject(holder ?? null) || !isJsonObject((holder as JsonObject).labels ?? null)) continue;
    const labels = (holder as JsonObject).labels as JsonObject;
    edit(labels);
    if (Object.keys(labels).length === 0) delete (holder as JsonObject).labels;
  }
  return copy;
}

export function normalizeIstioctl(obj: JsonObject, release: string): JsonObject {
  return editLabels(obj, (labels) => {
    for (const key of INSTALL_TIME_LABELS) delete labels[key];
    if (labels['app.kubernetes.io/version'] === PLACEHOLDER_CHART_VERSION) labels['app.kubernetes.io/version'] = release;
    const chart = labels['helm.sh/chart'];
    if (typeof chart === 'string' && chart.endsWith(`-${PLACEHOLDER_CHART_VERSION}`)) {
      labels['helm.sh/chart'] = `${chart.slice(0, -PLACEHOLDER_CHART_VERSION.length)}${release}`;
    }
  });
}

/** Drops the tolerated install-time labels from our object (labels only, never selectors). */
export function normalizeOurs(ours: JsonObject, istioctl: JsonObject | undefined): JsonObject {
  const theirs = (istioctl?.metadata as JsonObject | undefined)?.labels as JsonObject | undefined;
  const copy = editLabels(ours, (labels) => {
    for (const key of INSTALL_TIME_LABELS) delete labels[key];
  });
  const meta = copy.metadata as JsonObject | undefined;
  const labels = meta?.labels as JsonObject | undefined;
  if (meta && labels) {
    for (const key of LABELS_ADDED_WHERE_ABSENT) if (theirs?.[key] === undefined) delete labels[key];
    if (Object.keys(labels).length === 0) delete meta.labels;
  }
  return copy;
}

/** Compares two renders as full objects, keyed by kind/namespace/name; every differing leaf is reported. */
export function compareManifests(istioctl: readonly JsonObject[], ours: readonly JsonObject[], release: string): FieldDifference[] {
  const theirs = new Map(istioctl.map((o) => [objectKey(o), normalizeIstioctl(o, release)]));
  const mine = new Map(ours.map((o) => [objectKey(o), o]));
  const keys = [...new Set([...theirs.keys(), ...mine.keys()])].sort(compareStrings);
  const out: FieldDifference[] = [];
  for (const key of keys) {
    const a = theirs.get(key);
    const b = mine.get(key);
    if (!a || !b) out.push({ object: key, path: '', ...(a ? { istioctl: 'present' } : { ours: 'present' }) });
    else diffValue(key, '', a, normalizeOurs(b, a), out);
  }
  return out;
}

/** Lists of uniquely named objects (containers, env, ports, volumes) are matched by name, order checked apart. */
function namesOf(list: JsonValue[]): string[] | undefined {
  const names = list.map((v) => (isJsonObject(v) && typeof v.name === 'string' ? v.name : undefined));
  if (names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
  return names as string[];
}

/**
 * A `null` field is no field: the API server drops it on write (Helm prints `minAvailable: null` where a patch
 * removed a key, `annotations:` for an empty block). So null and absent compare equal.
 */
function diffValue(object: string, path: string, a0: JsonValue | undefined, b0: JsonValue | undefined, out: FieldDifference[]): void {
  const a = a0 === null ? undefined : a0;
  const b = b0 === null ? undefined : b0;
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
