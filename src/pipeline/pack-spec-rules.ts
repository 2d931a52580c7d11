import type { PackInfo } from '../packs/pack-info.js';
import { iopSpecSchema } from './iop-schema.js';
import { bool, free, freeList, intOrStr, num, obj, str, stringMap, strList, uint, type SchemaNode } from './schema-nodes.js';

/** What one release accepts in a spec beyond the shape every release shares. */
export interface SpecRules {
  schema: SchemaNode;
  compatibilityVersions: readonly string[];
}

/** The node kinds a pack may name for a `values` key it adds. */
export const VALUE_KEY_TYPES: Record<string, () => SchemaNode> = { bool, str, uint, num, intOrStr, free, freeList, strList, stringMap, obj: () => obj({}) };

/** A change a pack makes to the `values` keys its base accepts: a key added with its type, or removed. */
export interface ValueKeyChange {
  path: string;
  type?: string;
}

/**
 * The spec schema of a release: the shared one with the `values` keys its pack chain adds and removes,
 * in chain order (a key added by one release and removed by a later one is gone). Pure.
 */
export function buildSpecRules(chain: readonly PackInfo[]): SpecRules {
  const changes: ValueKeyChange[] = chain.flatMap((p) => [
    ...Object.entries(p.valueKeys).map(([path, type]) => ({ path, type })),
    ...p.removedValueKeys.map((path) => ({ path })),
  ]);
  const last = chain[chain.length - 1];
  return { schema: changes.length === 0 ? iopSpecSchema : applyValueKeyChanges(iopSpecSchema, changes), compatibilityVersions: last?.compatibilityVersions ?? [] };
}

/** The schema with each change made under `values`; a path through a non-object node is an error. */
export function applyValueKeyChanges(schema: SchemaNode, changes: readonly ValueKeyChange[]): SchemaNode {
  let out = schema;
  for (const change of changes) out = edit(out, ['values', ...change.path.split('.')], change, change.path);
  return out;
}

function edit(node: SchemaNode, path: readonly string[], change: ValueKeyChange, where: string): SchemaNode {
  if (node.kind !== 'object') throw new Error(`values key ${where}: ${path[0] ?? ''} is inside a value that is not a mapping`);
  const [key, ...rest] = path as [string, ...string[]];
  const fields = { ...node.fields };
  if (rest.length === 0) {
    if (change.type === undefined) delete fields[key];
    else {
      const make = VALUE_KEY_TYPES[change.type];
      if (!make) throw new Error(`values key ${where}: unknown type ${change.type} (one of ${Object.keys(VALUE_KEY_TYPES).join(', ')})`);
      fields[key] = make();
    }
  } else {
    fields[key] = edit(fields[key] ?? obj({}), rest, change, where);
  }
  return { ...node, fields };
}
