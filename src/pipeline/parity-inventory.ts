import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { compareStrings, sortKeysDeep } from './canonical-json.js';
import { FIELD_EXTRACTORS } from './parity-inventory-fields.js';

/**
 * Object-level parity with istioctl: each manifest becomes an inventory of the facts other tools depend
 * on (names, selectors, ports, probes, webhook rules, RBAC rules, ...), one flat `field -> value` map per
 * object, so two renders compare field by field and a deliberate difference can be allowed precisely.
 */
export type ObjectFacts = Record<string, JsonValue>;

/** `Kind namespace/name` (namespaced) or `Kind name` (cluster-scoped) -> facts. Keys sorted. */
export type Inventory = Record<string, ObjectFacts>;

/** The only labels compared: those selectors, tooling and the operator's own watches rely on. */
export const INVENTORY_LABELS = ['app', 'istio', 'istio.io/rev', 'operator.istio.io/component'] as const;

export function inventoryKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${obj.kind} ${ns}/${obj.metadata.name}` : `${obj.kind} ${obj.metadata.name}`;
}

export function buildInventory(objects: readonly KubeObject[]): Inventory {
  const entries = objects.map((obj) => [inventoryKey(obj), buildObjectFacts(obj)] as const);
  entries.sort(([a], [b]) => compareStrings(a, b));
  return Object.fromEntries(entries);
}

export function buildObjectFacts(obj: KubeObject): ObjectFacts {
  const facts: ObjectFacts = {};
  const labels = obj.metadata.labels ?? {};
  for (const key of INVENTORY_LABELS) {
    const value = labels[key];
    if (value !== undefined) facts[`labels.${key}`] = value;
  }
  const extract = FIELD_EXTRACTORS[obj.kind];
  if (extract) extract(obj as unknown as JsonObject, facts);
  return Object.fromEntries(
    Object.keys(facts)
      .sort(compareStrings)
      .map((k) => [k, sortKeysDeep(facts[k] as JsonValue)]),
  );
}

/** Parses manifest documents (already loaded from YAML) into objects, skipping empty documents. */
export function parseKubeObjects(docs: readonly unknown[]): KubeObject[] {
  return docs.filter(
    (d): d is KubeObject =>
      isJsonObject(d as JsonValue) && typeof (d as JsonObject).kind === 'string' && isJsonObject((d as JsonObject).metadata ?? null),
  );
}
