import type { FieldError } from '../api/errors.js';
import { isReservedKey, reservedKeyReason } from './reserved-keys.js';

/** How much of a tree of user input the pipeline agrees to walk. */
export interface TreeLimits {
  /** Maps and lists nested deeper than this are refused (recursive steps must not exhaust the stack). */
  maxDepth: number;
  /**
   * Values counted as a copy would see them: a YAML alias counts once per use, so an alias bomb is
   * refused after this many values instead of being expanded by the first deep copy.
   */
  maxNodes: number;
  /** Longest string, map keys included; undefined for no limit. */
  maxStringLength?: number;
}

/** Enough to list a few offending fields without turning a hostile input into a huge report. */
const MAX_ERRORS = 20;

/**
 * Checks a parsed user input (an IstioOperator spec, an overlay value, a YAML file) before any other step
 * walks or copies it: refuses reserved keys (`__proto__`, `constructor`, `prototype`), nesting deeper than
 * `maxDepth`, more than `maxNodes` values, and strings longer than `maxStringLength`. Each error names the
 * field. Visits own properties only, and stops as soon as the node budget is spent, so the check itself is
 * bounded whatever the input (shared or even cyclic references included).
 */
export function checkInputTree(value: unknown, path: string, limits: TreeLimits): FieldError[] {
  const errors: FieldError[] = [];
  let nodes = 0;
  const walk = (node: unknown, at: string, depth: number): boolean => {
    if (errors.length >= MAX_ERRORS) return false;
    if (++nodes > limits.maxNodes) {
      errors.push({ path: at, reason: `the input holds more than ${limits.maxNodes} values (YAML aliases count once per use); refused` });
      return false;
    }
    if (typeof node === 'string') {
      if (limits.maxStringLength !== undefined && node.length > limits.maxStringLength) {
        errors.push({ path: at, reason: `string of ${node.length} characters is longer than the limit of ${limits.maxStringLength}` });
      }
      return true;
    }
    if (typeof node !== 'object' || node === null) return true;
    if (depth >= limits.maxDepth) {
      errors.push({ path: at, reason: `nested deeper than the limit of ${limits.maxDepth} levels` });
      return true;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (!walk(node[i], `${at}[${i}]`, depth + 1)) return false;
      return true;
    }
    for (const key of Object.keys(node)) {
      const child = at === '' ? key : `${at}.${key}`;
      if (isReservedKey(key)) {
        errors.push({ path: child, reason: reservedKeyReason(key) });
        continue;
      }
      if (limits.maxStringLength !== undefined && key.length > limits.maxStringLength) {
        errors.push({ path: at, reason: `a key of ${key.length} characters is longer than the limit of ${limits.maxStringLength}` });
        continue;
      }
      if (!walk((node as Record<string, unknown>)[key], child, depth + 1)) return false;
    }
    return true;
  };
  walk(value, path, 0);
  return errors;
}
