import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';
import { INPUT_LIMITS } from './input-limits.js';
import { isReservedKey, reservedKeyReason } from './reserved-keys.js';

/** One step of a `--set` path: a map key, a list index, or a list element selected by one of its fields. */
export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'select'; field: string; value: string };

/**
 * Parses an istioctl `--set` path: `.` separates keys, `\.` is a literal dot inside a key, `[N]` or `.[N]`
 * indexes a list, `[field:value]` selects the list element whose `field` equals `value`.
 */
export function parseSetPath(path: string): Result<PathSegment[]> {
  const bad = (reason: string): Result<PathSegment[]> => fail([{ path, reason }]);
  if (path === '') return bad('empty path');
  const segments: PathSegment[] = [];
  let key = '';
  let keyOpen = true; // a key is expected (start of path or right after a '.')
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '.') {
      key += '.';
      i++;
    } else if (c === '.') {
      if (keyOpen && key === '') return bad(`empty key at position ${i + 1}`);
      if (key !== '') segments.push({ kind: 'key', key });
      key = '';
      keyOpen = true;
    } else if (c === '[') {
      if (key !== '') segments.push({ kind: 'key', key });
      key = '';
      const close = path.indexOf(']', i);
      if (close < 0) return bad('unbalanced brackets: "[" without "]"');
      const segment = parseBracket(path.slice(i + 1, close));
      if (typeof segment === 'string') return bad(segment);
      segments.push(segment);
      i = close;
      const next = path[i + 1];
      if (next !== undefined && next !== '.' && next !== '[') return bad(`unexpected "${next}" after "]"`);
      keyOpen = false;
      if (next === '.') {
        i++;
        keyOpen = true;
        if (i === path.length - 1) return bad('path ends with "."');
      }
    } else if (c === ']') {
      return bad('unbalanced brackets: "]" without "["');
    } else {
      key += c;
    }
  }
  if (key !== '') segments.push({ kind: 'key', key });
  else if (keyOpen && path.endsWith('.')) return bad('path ends with "."');
  const reserved = segments.find((s) => isReservedKey(s.kind === 'key' ? s.key : s.kind === 'select' ? s.field : ''));
  if (reserved) return bad(reservedKeyReason(reserved.kind === 'key' ? reserved.key : (reserved as { field: string }).field));
  return ok(segments);
}

function parseBracket(body: string): PathSegment | string {
  if (/^\d+$/.test(body)) return { kind: 'index', index: Number(body) };
  const colon = body.indexOf(':');
  if (colon > 0) return { kind: 'select', field: body.slice(0, colon), value: body.slice(colon + 1) };
  return `invalid selector "[${body}]": expected [N] or [field:value]`;
}

const STRING_PATHS = new Set(['tag', 'values.global.tag', 'compatibilityVersion', 'values.compatibilityVersion']);
const STRING_PREFIXES = ['meshConfig.defaultConfig.proxyMetadata.', 'values.meshConfig.defaultConfig.proxyMetadata.'];
const BOOL_WORDS: Record<string, boolean> = {
  true: true, True: true, TRUE: true, t: true, T: true,
  false: false, False: false, FALSE: false, f: false, F: false,
};

/** Types a `--set` value like istioctl: integer, float, boolean word, else a string (`\,` -> `,`). */
export function parseSetValue(path: string, raw: string): JsonValue {
  const text = raw.replace(/\\,/g, ',');
  if (STRING_PATHS.has(path) || STRING_PREFIXES.some((p) => path.startsWith(p))) return text;
  if (/^[+-]?\d+$/.test(raw)) return Number(raw);
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  if (Object.hasOwn(BOOL_WORDS, raw)) return BOOL_WORDS[raw] as boolean;
  return text;
}

/**
 * Applies `path=value` flags, in order, to a copy of `doc` (the IstioOperator `spec`). Every bad flag is
 * reported, each with path `--set <flag>`; a bad flag changes nothing.
 */
export function applySetFlags(doc: JsonObject, flags: string[]): Result<JsonObject> {
  if (flags.length > INPUT_LIMITS.setFlags) return fail([{ path: '--set', reason: `${flags.length} flags given; the limit is ${INPUT_LIMITS.setFlags}` }]);
  let out = structuredClone(doc);
  const errors: FieldError[] = [];
  for (const flag of flags) {
    const applied = applyOne(out, flag);
    if (typeof applied === 'string') errors.push({ path: `--set ${flag}`, reason: applied });
    else out = applied;
  }
  return errors.length > 0 ? fail(errors) : ok(out);
}

/** Returns the updated copy, or why the flag cannot be applied. The input is never touched. */
function applyOne(doc: JsonObject, flag: string): JsonObject | string {
  // Split at the first '=' so values may contain '=' (istioctl leaves such flags unsplit; that helps nobody).
  const eq = flag.indexOf('=');
  if (eq < 0) return 'expected path=value';
  if (flag.length > INPUT_LIMITS.stringLength) return `flag of ${flag.length} characters is longer than the limit of ${INPUT_LIMITS.stringLength}`;
  const path = flag.slice(0, eq);
  const parsed = parseSetPath(path);
  if (!parsed.ok) return parsed.errors[0]?.reason ?? 'invalid path';
  const copy = structuredClone(doc);
  const reason = setAt(copy, parsed.value, parseSetValue(path, flag.slice(eq + 1)));
  return reason ?? copy;
}

type Container = JsonObject | JsonValue[];

function setAt(root: JsonObject, segments: PathSegment[], value: JsonValue): string | undefined {
  let node: Container = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    const next = segments[i + 1];
    const found = locate(node, seg);
    if ('error' in found) return found.error;
    if (next === undefined) {
      writeAt(node, found.at, value);
      return undefined;
    }
    let child = readAt(node, found.at);
    if (child === undefined || child === null) {
      if (next.kind === 'select') return `element ${formatSelect(next)} not found`;
      child = next.kind === 'index' ? [] : {};
      writeAt(node, found.at, child);
    }
    if (typeof child !== 'object') return `cannot descend into ${describeSegment(seg)}: it holds a ${typeof child}, not a map or list`;
    node = child;
  }
  return undefined;
}

/** Resolves a segment against a container to a concrete key or list position, or explains why it cannot. */
function locate(node: Container, seg: PathSegment): { at: string | number } | { error: string } {
  if (seg.kind === 'key') {
    if (Array.isArray(node)) return { error: `cannot use key "${seg.key}" on a list (use [N] or [field:value])` };
    return { at: seg.key };
  }
  if (!Array.isArray(node)) return { error: `cannot use ${describeSegment(seg)} on a map (only lists can be indexed)` };
  if (seg.kind === 'index') {
    if (seg.index > node.length) {
      return { error: `index [${seg.index}] is out of range: the list has ${node.length} element(s), [${node.length}] appends` };
    }
    return { at: seg.index };
  }
  const at = node.findIndex((el) => isJsonObject(el) && Object.hasOwn(el, seg.field) && String(el[seg.field]) === seg.value);
  return at < 0 ? { error: `element ${formatSelect(seg)} not found` } : { at };
}

/** Own elements only: an inherited property (`toString`) is not part of the document. */
function readAt(node: Container, at: string | number): JsonValue | undefined {
  return Object.hasOwn(node, at) ? (node as Record<string | number, JsonValue>)[at] : undefined;
}

function writeAt(node: Container, at: string | number, value: JsonValue): void {
  if (Array.isArray(node)) node[at as number] = value;
  else setOwn(node, at as string, value);
}

const formatSelect = (s: { field: string; value: string }): string => `[${s.field}:${s.value}]`;
const describeSegment = (s: PathSegment): string =>
  s.kind === 'key' ? `"${s.key}"` : s.kind === 'index' ? `[${s.index}]` : formatSelect(s);
