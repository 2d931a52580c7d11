import type { FieldError } from '../api/errors.js';
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';

const VALUES_PREFIX = 'spec.values.';
const UNKNOWN = /^unknown field\b/;

/**
 * The unknown `spec.values` keys that `--force` let through, with their values, as a tree rooted at
 * `values`. istioctl hands such keys on to its charts, where no template reads them, so they surface only
 * in the charts' copies of their values (the injector's `values`, the `values` ConfigMap). We publish them
 * there and nowhere else: they never reach the values a template renders objects from.
 * Keys inside lists are left out (no values copy holds a list element's unknown key).
 */
export function collectForcedValues(spec: unknown, problems: readonly FieldError[]): JsonObject {
  const tree: JsonObject = {};
  for (const { path, reason } of problems) {
    if (!path.startsWith(VALUES_PREFIX) || !UNKNOWN.test(reason) || path.includes('[')) continue;
    const keys = path.slice('spec.'.length).split('.');
    const value = lookup(spec, keys);
    if (value !== undefined) place(tree, keys.slice(1), value);
  }
  return tree;
}

function lookup(root: unknown, keys: readonly string[]): JsonValue | undefined {
  let node: unknown = root;
  for (const key of keys) {
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node as JsonValue;
}

function place(tree: JsonObject, keys: readonly string[], value: JsonValue): void {
  let node = tree;
  keys.slice(0, -1).forEach((key) => {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    const child: JsonObject = isJsonObject(next) ? next : {};
    if (child !== next) setOwn(node, key, child);
    node = child;
  });
  const last = keys[keys.length - 1];
  if (last !== undefined) setOwn(node, last, value);
}
