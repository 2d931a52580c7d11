import { INPUT_LIMITS } from './input-limits.js';

/**
 * The vocabulary of the IstioOperator schema. One tree of these nodes (iop-schema.ts) drives both the
 * validator (validate-spec.ts) and the CRD's openAPIV3Schema (build-iop-crd.ts), so they cannot drift.
 */
export type SchemaNode =
  | { kind: 'object'; fields: Record<string, SchemaNode>; required?: readonly string[]; description?: string }
  /** A mapping with arbitrary keys whose values all follow `values` (e.g. label maps). */
  | { kind: 'map'; values: SchemaNode; description?: string }
  | { kind: 'list'; items: SchemaNode; maxItems?: number; description?: string }
  | { kind: 'string'; maxLength?: number; description?: string }
  | { kind: 'boolean'; description?: string }
  | { kind: 'integer'; minimum?: number; maximum?: number; description?: string }
  | { kind: 'number'; description?: string }
  | { kind: 'intOrString'; description?: string }
  /** Deliberately unchecked mapping (Kubernetes API structs, MeshConfig, chart-specific blocks). */
  | { kind: 'freeObject'; description?: string }
  /** Deliberately unchecked value of any JSON type. */
  | { kind: 'any'; description?: string };

type Fields = Record<string, SchemaNode>;

export const obj = (fields: Fields, required?: readonly string[]): SchemaNode => ({ kind: 'object', fields, ...(required ? { required } : {}) });
export const map = (values: SchemaNode): SchemaNode => ({ kind: 'map', values });
export const list = (items: SchemaNode, maxItems?: number): SchemaNode => ({ kind: 'list', items, ...(maxItems !== undefined ? { maxItems } : {}) });
/** A string; every one is capped (a free-form value at 64 KiB), so no field can carry a huge text. */
export const str = (maxLength: number = INPUT_LIMITS.stringLength): SchemaNode => ({ kind: 'string', maxLength });
/** An object name, kind or namespace. */
export const name = (): SchemaNode => str(INPUT_LIMITS.nameLength);
export const bool = (): SchemaNode => ({ kind: 'boolean' });
export const int = (): SchemaNode => ({ kind: 'integer' });
export const uint = (): SchemaNode => ({ kind: 'integer', minimum: 0 });
/** An integer in [minimum, maximum], e.g. a port number. */
export const intIn = (minimum: number, maximum: number): SchemaNode => ({ kind: 'integer', minimum, maximum });
export const num = (): SchemaNode => ({ kind: 'number' });
export const intOrStr = (): SchemaNode => ({ kind: 'intOrString' });
export const free = (): SchemaNode => ({ kind: 'freeObject' });
export const anyValue = (): SchemaNode => ({ kind: 'any' });
export const stringMap = (): SchemaNode => map(str());
export const strList = (): SchemaNode => list(str());
export const freeList = (): SchemaNode => list(free());

/** Attaches a description (shown by `kubectl explain`) without changing the node. */
export const describe = (node: SchemaNode, description: string): SchemaNode => ({ ...node, description });

/** Many fields sharing one node kind, e.g. `fieldsOf(free, 'affinity', 'resources')`. */
export function fieldsOf(make: () => SchemaNode, ...names: string[]): Fields {
  return Object.fromEntries(names.map((n) => [n, make()]));
}
