import type { JsonObject, JsonValue } from '../api/json.js';
import { emitYaml } from '../pipeline/yaml-emit.js';

/**
 * Serialized forms of large immutable values (the upstream CRD specs), computed at build time, keyed by
 * object identity. A value is looked up only while it is the very object that was registered: any step
 * that changes it copies it first, and the copy has no entry, so it is serialized the ordinary way.
 */
const known = new WeakMap<object, string>();

export function rememberSerialized(value: JsonObject, block: string): void {
  known.set(value, block);
}

export function serializedOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'object' && value !== null ? known.get(value) : undefined;
}

/**
 * The canonical YAML of a mapping as it appears under a top-level key (`spec:\n` + this): keys sorted,
 * every non-empty line indented by two spaces. Same bytes as serializing the whole object (the build and a
 * unit test check that).
 */
export function serializeNestedBlock(value: JsonObject): string {
  const text = emitYaml(value, { sortKeys: true });
  return text.replace(/^(?=.)/gm, '  ');
}
