import yaml from 'js-yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { compareStrings, sortKeysDeep } from './canonical-json.js';
import { orderObjects } from './order-objects.js';
import { serializedOf } from './preserialized.js';
import type { RenderedComponent } from './types.js';

const TOP_FIRST = ['apiVersion', 'kind', 'metadata'];
const METADATA_FIRST = ['name', 'namespace', 'labels', 'annotations'];

/**
 * Multi-document YAML in a canonical form: the same objects, whatever their key order, give the same
 * bytes. Objects are printed in the order given (callers pass apply order). js-yaml quotes any string
 * that would read back as another type (`'yes'`, `'0777'`, `'1e3'`), and lines are never folded.
 */
export function serializeManifest(objects: readonly KubeObject[]): string {
  return objects.map(serializeObject).join('---\n');
}

export function serializeObject(obj: KubeObject): string {
  const spec = serializedOf(obj.spec as JsonValue | undefined);
  // Fast path for an object whose spec was serialized at build time (an upstream CRD): only the head is
  // dumped. Valid because `spec` is then its only key after the leading three, so it comes last.
  if (spec !== undefined && Object.keys(obj).every((k) => TOP_FIRST.includes(k) || k === 'spec')) {
    const head = { ...obj };
    delete head.spec;
    return `${yaml.dump(canonicalObject(head), { lineWidth: -1, noRefs: true })}spec:\n${spec}`;
  }
  return yaml.dump(canonicalObject(obj), { lineWidth: -1, noRefs: true });
}

/** `apiVersion, kind, metadata` first, then the rest sorted; inside metadata the identity keys lead. */
export function canonicalObject(obj: KubeObject): JsonObject {
  const sorted = sortKeysDeep(obj as unknown as JsonValue) as JsonObject;
  const out = withLeadingKeys(sorted, TOP_FIRST);
  if (isJsonObject(out.metadata ?? null)) out.metadata = withLeadingKeys(out.metadata as JsonObject, METADATA_FIRST);
  return out;
}

function withLeadingKeys(map: JsonObject, first: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of first) if (map[key] !== undefined) out[key] = map[key];
  for (const key of Object.keys(map).sort(compareStrings)) if (!first.includes(key)) out[key] = map[key] as JsonValue;
  return out;
}

/**
 * One file per component instance for `manifest generate -o DIR`: `Pilot/istiod.yaml`,
 * `IngressGateways/istio-ingressgateway.yaml`. Files are listed in path order, objects in apply order.
 */
export function serializeByComponent(components: readonly RenderedComponent[]): Map<string, string> {
  const grouped = new Map<string, KubeObject[]>();
  for (const c of components) {
    const file = `${safeFileName(c.component)}/${safeFileName(c.instance)}.yaml`;
    grouped.set(file, [...(grouped.get(file) ?? []), ...c.objects]);
  }
  const files = new Map<string, string>();
  for (const file of [...grouped.keys()].sort(compareStrings)) {
    files.set(file, serializeManifest(orderObjects(grouped.get(file) ?? [])));
  }
  return files;
}

/** Names are validated upstream; this keeps a bad one from ever escaping the output directory. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return cleaned === '' ? '_' : cleaned;
}
