import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../api/json.js';
import { cloneJson } from './canonical-json.js';
import { compileLinearRegex, type LinearRegex } from './linear-regex.js';
import { isReservedKey, reservedKeyReason } from './reserved-keys.js';

/**
 * One element of an overlay path (Istio's `tpath` syntax, facts §1.6): a map key; `[N]` a list index
 * (`[-1]` appends); `[field:value]` the first list map whose field equals value; `[re]` / `[:re]` the
 * first scalar list element matching the regular expression (RE2 syntax, matched in linear time).
 */
export type PathSegment =
  | { type: 'key'; key: string }
  | { type: 'index'; index: number }
  | { type: 'match'; field: string; value: string }
  | { type: 'regex'; pattern: LinearRegex };

export type PathOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Splits on unescaped dots outside brackets; `\.` is a literal dot in a key; `key[0]` is `key.[0]`. */
export function parseOverlayPath(path: string): PathOutcome<PathSegment[]> {
  const segments: PathSegment[] = [];
  let key = '';
  let afterBracket = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '.') {
      key += '.';
      i++;
    } else if (c === '.') {
      if (key === '' && !afterBracket) return { ok: false, reason: `empty element in path "${path}"` };
      if (key !== '') segments.push({ type: 'key', key });
      key = '';
      afterBracket = false;
    } else if (c === '[') {
      if (key !== '') segments.push({ type: 'key', key });
      key = '';
      const end = findClosingBracket(path, i);
      if (end < 0) return { ok: false, reason: `unclosed "[" in path "${path}"` };
      const parsed = parseSelector(path.slice(i + 1, end));
      if (!parsed.ok) return parsed;
      segments.push(parsed.value);
      i = end;
      afterBracket = true;
      const next = path[i + 1];
      if (next !== undefined && next !== '.' && next !== '[') return { ok: false, reason: `expected "." after "]" in path "${path}"` };
    } else {
      key += c;
      afterBracket = false;
    }
  }
  if (key !== '') segments.push({ type: 'key', key });
  else if (!afterBracket) return { ok: false, reason: `empty element in path "${path}"` };
  for (const s of segments) {
    const name = s.type === 'key' ? s.key : s.type === 'match' ? s.field : '';
    if (isReservedKey(name)) return { ok: false, reason: `${reservedKeyReason(name)} (path "${path}")` };
  }
  return { ok: true, value: segments };
}

/** Brackets nest so that regular expressions like `[--x=[0-9]+]` survive; `\]` does not close. */
function findClosingBracket(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    if (path[i] === '\\') i++;
    else if (path[i] === '[') depth++;
    else if (path[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseSelector(inner: string): PathOutcome<PathSegment> {
  if (inner === '') return { ok: false, reason: 'empty "[]" selector' };
  if (/^-?\d+$/.test(inner)) {
    const index = Number(inner);
    return index < -1 ? { ok: false, reason: `list index ${inner} is invalid (use [-1] to append)` } : { ok: true, value: { type: 'index', index } };
  }
  const colon = inner.indexOf(':');
  if (colon > 0) return { ok: true, value: { type: 'match', field: inner.slice(0, colon), value: inner.slice(colon + 1).replace(/\\\./g, '.') } };
  const source = colon === 0 ? inner.slice(1) : inner;
  try {
    return { ok: true, value: { type: 'regex', pattern: compileLinearRegex(source) } };
  } catch (e) {
    return { ok: false, reason: `"[${inner}]" is not a valid regular expression: ${(e as Error).message}` };
  }
}

export function formatSegment(s: PathSegment): string {
  switch (s.type) {
    case 'key': return s.key.replace(/\./g, '\\.');
    case 'index': return `[${s.index}]`;
    case 'match': return `[${s.field}:${s.value}]`;
    case 'regex': return `[${s.pattern.source}]`;
  }
}

const describe = (segs: PathSegment[], upTo: number): string => segs.slice(0, upTo + 1).map(formatSegment).join('.');

type Container = JsonObject | JsonValue[];
type Location = { at: string | number } | { error: string };

/**
 * Sets (or, with `value` undefined, deletes) what `segments` points at, on a copy of `root` (or on `root`
 * itself with `inPlace`, for a caller that already holds its own copy). Missing maps on the way are
 * created when setting; deleting something already absent is a no-op; a selector that finds nothing, an
 * index out of range, or stepping into a scalar is an error.
 */
export function applyPathPatch(root: JsonObject, segments: PathSegment[], value: JsonValue | undefined, inPlace = false): PathOutcome<JsonObject> {
  const copy = inPlace ? root : cloneJson(root);
  const failAt = (i: number, reason: string): PathOutcome<JsonObject> => ({ ok: false, reason: `${describe(segments, i)}: ${reason}` });
  let node: Container = copy;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    const loc = locate(node, seg);
    if ('error' in loc) return failAt(i, loc.error);
    const slots = node as Record<string | number, JsonValue>;
    if (i === segments.length - 1) {
      const problem = write(node, loc.at, seg, value === undefined ? undefined : cloneJson(value));
      return problem ? failAt(i, problem) : { ok: true, value: copy };
    }
    if (seg.type === 'index' && seg.index === -1) return failAt(i, '[-1] appends, so it must end the path');
    let child: JsonValue | undefined = Object.hasOwn(node, loc.at) ? slots[loc.at] : undefined;
    if (child === undefined || child === null) {
      if (value === undefined) return { ok: true, value: copy };
      const next = segments[i + 1] as PathSegment;
      if (next.type === 'key') child = {};
      else if (next.type === 'index' && next.index === -1) child = [];
      else return failAt(i, `not found, so ${formatSegment(next)} has nothing to select from`);
      if (Array.isArray(node)) node[loc.at as number] = child;
      else setOwn(node, loc.at as string, child);
    }
    if (!isJsonObject(child) && !Array.isArray(child)) return failAt(i, `is a scalar (${JSON.stringify(child)}), not a map or list`);
    node = child;
  }
  return { ok: true, value: copy };
}

/** Where a segment points inside `node`: a map key (possibly absent) or an existing/append list index. */
function locate(node: Container, seg: PathSegment): Location {
  if (seg.type === 'key') {
    return Array.isArray(node) ? { error: `is a list; select an element with [N], [field:value] or [regex], not "${seg.key}"` } : { at: seg.key };
  }
  if (!Array.isArray(node)) return { error: `is a map, not a list, so ${formatSegment(seg)} cannot select in it` };
  if (seg.type === 'index') {
    if (seg.index === -1) return { at: node.length };
    return seg.index < node.length ? { at: seg.index } : { error: `index ${seg.index} is out of range (the list has ${node.length} elements)` };
  }
  const found = node.findIndex((el) => {
    if (seg.type === 'match') return isJsonObject(el) && Object.hasOwn(el, seg.field) && scalarText(el[seg.field]) === seg.value;
    const text = scalarText(el);
    return text !== undefined && seg.pattern.test(text);
  });
  if (found >= 0) return { at: found };
  return { error: seg.type === 'match' ? `no list element has ${seg.field}=${seg.value}` : `no list element matches /${seg.pattern.source}/` };
}

function scalarText(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function write(node: Container, at: string | number, seg: PathSegment, value: JsonValue | undefined): string | undefined {
  if (!Array.isArray(node)) {
    if (value !== undefined) setOwn(node, at as string, value);
    else delete node[at as string];
  } else if (value !== undefined) {
    node[at as number] = value;
  } else if (seg.type === 'index' && seg.index === -1) {
    return '[-1] appends; it cannot delete';
  } else {
    node.splice(at as number, 1);
  }
  return undefined;
}
