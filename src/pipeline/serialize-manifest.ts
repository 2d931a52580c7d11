import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { compareStrings, sortKeysDeep } from './canonical-json.js';
import { orderObjects } from './order-objects.js';
import { serializedOf } from '../startup/preserialized.js';
import type { RenderedComponent } from './types.js';
import { emitYaml, type YamlEmitOptions } from './yaml-emit.js';

const TOP_FIRST = ['apiVersion', 'kind', 'metadata'];
const METADATA_FIRST = ['name', 'namespace', 'labels', 'annotations'];

/**
 * Multi-document YAML in a canonical form: the same objects, whatever their key order, give the same
 * bytes. Objects are printed in the order given (callers pass apply order). Strings that would read back
 * as another type are quoted (`'yes'`, `'0777'`, `'1e3'`), and lines are never folded (yaml-emit.ts:
 * js-yaml's dump, byte for byte).
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
    return `${emitYaml(head as unknown as JsonObject, CANONICAL)}spec:\n${spec}`;
  }
  return emitYaml(obj as unknown as JsonObject, CANONICAL);
}

/** The emitter's key order for an object: what canonicalObject builds, without copying the object. */
const CANONICAL: YamlEmitOptions = {
  sortKeys: true,
  reorderKeys: (keys, depth, parentKey) =>
    depth === 0 ? leadingFirst(keys, TOP_FIRST) : depth === 1 && parentKey === 'metadata' ? leadingFirst(keys, METADATA_FIRST) : keys,
};

/** `first` (those present) in their order, then the other keys as they were (sorted). */
function leadingFirst(keys: string[], first: readonly string[]): string[] {
  if (!keys.some((k) => first.includes(k))) return keys;
  return [...first.filter((k) => keys.includes(k)), ...keys.filter((k) => !first.includes(k))];
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
