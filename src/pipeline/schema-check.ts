import type { FieldError } from '../api/errors.js';
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';
import type { SchemaNode } from './schema-nodes.js';

/**
 * Checks `value` against `node`, pushing every problem onto `errors` with a dotted path, and returns a copy
 * in which `null` fields of typed mappings are dropped (null means "unset", as for the apiserver).
 * Free-form parts are returned as they are.
 */
export function checkSchema(value: unknown, node: SchemaNode, path: string, errors: FieldError[]): JsonValue | undefined {
  const wrong = (expected: string): undefined => {
    errors.push({ path, reason: `expected ${expected}, got ${describeValue(value)}` });
    return undefined;
  };
  const tooLarge = (reason: string): undefined => {
    errors.push({ path, reason });
    return undefined;
  };
  switch (node.kind) {
    case 'any':
      return value as JsonValue;
    case 'freeObject':
      return isJsonObject(value as JsonValue) ? (value as JsonObject) : wrong('a mapping');
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      return node.maxLength === undefined || value.length <= node.maxLength ? value : tooLarge(`string of ${value.length} characters is longer than the limit of ${node.maxLength}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong('a boolean');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : wrong('a number');
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value) && (node.minimum === undefined || value >= node.minimum) && (node.maximum === undefined || value <= node.maximum)) return value;
      return wrong(describeInteger(node.minimum, node.maximum));
    case 'intOrString':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? value : wrong('an integer or a string');
    case 'list':
      if (!Array.isArray(value)) return wrong('a list');
      if (node.maxItems !== undefined && value.length > node.maxItems) return tooLarge(`${value.length} entries; the limit is ${node.maxItems}`);
      return value.map((item, i) => checkSchema(item, node.items, `${path}[${i}]`, errors) ?? null);
    case 'map':
      if (!isJsonObject(value as JsonValue)) return wrong('a mapping');
      return Object.fromEntries(
        Object.entries(value as JsonObject).map(([k, v]) => [k, checkSchema(v, node.values, `${path}.${k}`, errors) ?? null]),
      );
    case 'object':
      return checkObject(value, node, path, errors, wrong);
  }
}

/** HPA metric fields of autoscaling/v2beta1 and what autoscaling/v2 spells instead. */
const V2BETA1_TARGETS: Record<string, string> = {
  targetAverageUtilization: '{type: Utilization, averageUtilization: N}',
  targetAverageValue: '{type: AverageValue, averageValue: Q}',
  targetValue: '{type: Value, value: Q}',
};

function checkObject(
  value: unknown,
  node: Extract<SchemaNode, { kind: 'object' }>,
  path: string,
  errors: FieldError[],
  wrong: (expected: string) => undefined,
): JsonObject | undefined {
  if (!isJsonObject(value as JsonValue)) return wrong('a mapping');
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value as JsonObject)) {
    const field = Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
    if (field === undefined) {
      const guess = closest(key, Object.keys(node.fields));
      const v2beta1 = Object.hasOwn(V2BETA1_TARGETS, key) ? V2BETA1_TARGETS[key] : undefined;
      const reason = path.includes('.hpaSpec.metrics[') && v2beta1
        ? `unknown field: the autoscaling/v2beta1 spelling, which autoscaling/v2 removed; write target: ${v2beta1}`
        : guess ? `unknown field (did you mean "${guess}"?)` : 'unknown field';
      errors.push({ path: `${path}.${key}`, reason });
      continue;
    }
    if (child === null) {
      // Under `values` a null is kept, as Helm keeps it: it removes the chart's default for that key
      // (`values.pilot.autoscaleEnabled: null` turns the HPA off). Elsewhere null means unset.
      if (path === 'spec.values' || path.startsWith('spec.values.')) setOwn(out, key, null);
      continue;
    }
    const checked = checkSchema(child, field, `${path}.${key}`, errors);
    if (checked !== undefined) setOwn(out, key, checked);
  }
  for (const key of node.required ?? []) {
    const present = (value as JsonObject)[key];
    if (present === undefined || present === null) errors.push({ path: `${path}.${key}`, reason: 'required field is missing' });
  }
  return out;
}

function describeInteger(minimum: number | undefined, maximum: number | undefined): string {
  if (minimum !== undefined && maximum !== undefined) return `an integer from ${minimum} to ${maximum}`;
  return minimum === 0 ? 'a non-negative integer' : 'an integer';
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/** The known name nearest to a typo, if it is near enough to be a plausible intent. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) && bestDistance < word.length ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
