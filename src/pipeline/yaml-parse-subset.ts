import { isAmbiguousPlain } from './yaml-emit.js';

/**
 * A fast reader for the block-style YAML our templates and emitter write: block mappings and sequences,
 * plain scalars, one-line quoted scalars, literal blocks (`|`), one-line JSON flow values, comments and
 * `---` separators. Anything else (tabs, folding, anchors, tags, multi-line flow or quoted scalars, keys or
 * numbers that need YAML's type rules...) makes it return undefined, and the caller reads the text with
 * js-yaml instead. It exists because a cold CLI is mostly interpreted code: js-yaml's per-character loop is
 * the largest cost of a render, while this reader works per line with native string functions.
 *
 * Whenever it returns documents they are exactly what js-yaml's loadAll gives (empty documents left out);
 * yaml-parse-subset.test.ts checks that on every template output of the goldens and on generated input.
 */
export function parseYamlSubset(text: string): unknown[] | undefined {
  if (OUTSIDE_CHARS.test(text)) return undefined;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const docs: unknown[] = [];
  try {
    let start = 0;
    for (let i = 0; i <= lines.length; i++) {
      const line = lines[i];
      if (line === undefined || line === '---') {
        const doc = new Reader(lines, start, i).document();
        if (doc !== undefined) docs.push(doc);
        start = i + 1;
      } else if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) {
        return undefined; // markers with content, document ends, directives
      }
    }
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
  return docs;
}

/** Thrown (never escapes parseYamlSubset) when the text needs more of YAML than this reader knows. */
const OUTSIDE = new Error('outside the YAML subset');

/** Printable text only: no tab, CR, controls, no-break space, Unicode line separators, BOM or surrogates. */
const OUTSIDE_CHARS = /[^\n\x20-\x7E\u00A1-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\.)*"/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'/;
/** What may follow a scalar on its line: spaces, or spaces and a comment. */
const LINE_END = /^(?: *| +#.*)$/;
/** A plain key: no indicator first, no quote, flow or comment characters, no `:` (it would need YAML's rules). */
const PLAIN_KEY = /^[A-Za-z0-9_./$](?:[^:#'"[\]{},]*[^:#'"[\]{}, ])?$/;
/**
 * Values that start with an indicator this reader does not handle (folded blocks, anchors, aliases, tags,
 * explicit keys) or that no plain scalar may start with (`,`, `]`, `}`, reserved `@` and backtick).
 */
const UNHANDLED_START = /^(?:[>&*!%@`?:,\]}]|- |-$)/;
/** The numbers read without YAML's rules: decimal, no sign but `-`, no leading zero, exact in a double. */
const SIMPLE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const SIMPLE_FLOAT = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
const LONG_NUMBER = /[0-9]{16}/;
/** A plain scalar inside `[...]`: no indicator first, no flow, quote, comment or `:` characters. */
const FLOW_PLAIN = /^[A-Za-z0-9_./$](?:[^:#'"[\]{},]*[^:#'"[\]{}, ])?$/;
const BLOCK_HEADER = /^\|(?:([1-9])?([-+])?|([-+])([1-9]))$/;

const PLAIN_WORDS = new Map<string, null | boolean>([
  ['~', null], ['null', null], ['Null', null], ['NULL', null],
  ['true', true], ['True', true], ['TRUE', true],
  ['false', false], ['False', false], ['FALSE', false],
]);

function leadingSpaces(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 0x20) n++;
  return n;
}

/** A comment or blank line: skipped between nodes. */
function isFiller(line: string, indent: number): boolean {
  return indent === line.length || line.charCodeAt(indent) === 0x23;
}

const isDash = (text: string): boolean => text === '-' || text.startsWith('- ');

/** One document: lines [from, to) of the text. */
class Reader {
  private cursor: number;

  constructor(
    private readonly lines: string[],
    from: number,
    private readonly end: number,
  ) {
    this.cursor = from;
  }

  /** The root mapping, or undefined for an empty document. */
  document(): Record<string, unknown> | undefined {
    const first = this.peek();
    if (first < 0) return undefined;
    const line = this.lines[first] as string;
    if (leadingSpaces(line) !== 0 || isDash(line)) throw OUTSIDE;
    const root = this.mapping(0);
    if (this.peek() >= 0) throw OUTSIDE;
    return root;
  }

  /** The index of the next line with content (skipping blanks and comments), or -1. */
  private peek(): number {
    for (let i = this.cursor; i < this.end; i++) {
      const line = this.lines[i] as string;
      if (!isFiller(line, leadingSpaces(line))) return i;
    }
    return -1;
  }

  /** Continues a block mapping at `indent`; `first` is an entry already cut from its line (`- key: v`). */
  private mapping(indent: number, first?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (first !== undefined) this.entry(out, first, indent);
    for (;;) {
      const next = this.nextAt(indent);
      if (!next) return out;
      if (isDash(next.text)) throw OUTSIDE;
      this.cursor = next.index + 1;
      this.entry(out, next.text, indent);
    }
  }

  /** The next content line if it sits at `indent` (undefined once the block ends), not consumed. */
  private nextAt(indent: number): { text: string; index: number } | undefined {
    const index = this.peek();
    if (index < 0) return undefined;
    const line = this.lines[index] as string;
    const at = leadingSpaces(line);
    if (at < indent) return undefined;
    if (at > indent) throw OUTSIDE;
    return { text: line.slice(at), index };
  }

  private entry(out: Record<string, unknown>, text: string, indent: number): void {
    const split = splitEntry(text);
    if (!split) throw OUTSIDE;
    const [key, rest] = split;
    if (key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
    out[key] = this.value(rest, indent, false);
  }

  /** Continues a block sequence at `indent`; `first` is an item already cut from its line (`- - x`). */
  private sequence(indent: number, first?: string): unknown[] {
    const out: unknown[] = [];
    if (first !== undefined) out.push(this.item(first, indent));
    for (;;) {
      const next = this.nextAt(indent);
      if (!next) return out;
      if (!isDash(next.text)) return out; // the next key of a mapping at the same indent (`key:\n- a\nnext: b`)
      this.cursor = next.index + 1;
      out.push(this.item(next.text, indent));
    }
  }

  /** `text` starts with the dash at column `indent`. */
  private item(text: string, indent: number): unknown {
    const afterDash = text.slice(1);
    const rest = afterDash.trimStart();
    const column = indent + 1 + (afterDash.length - rest.length);
    if (isDash(rest)) return this.sequence(column, rest);
    if (rest !== '' && rest[0] !== '#' && rest[0] !== '|' && splitEntry(rest)) return this.mapping(column, rest);
    return this.value(rest, indent, true);
  }

  /**
   * The value after `key:` or `-` (`rest`, spaces trimmed). `indent` is the mapping's key column or the
   * dash column: a nested block must be deeper (or, under a key, a sequence at the same column).
   */
  private value(rest: string, indent: number, inSequence: boolean): unknown {
    if (rest === '' || rest[0] === '#') {
      const i = this.peek();
      if (i < 0) return null;
      const line = this.lines[i] as string;
      const at = leadingSpaces(line);
      const text = line.slice(at);
      if (at > indent && (text[0] === '[' || text[0] === '{')) {
        // A flow value on the line below its key (`{{yaml v}}` of an empty map writes `{}` there).
        this.cursor = i + 1;
        return flow(text);
      }
      if (at > indent) return isDash(text) ? this.sequence(at) : this.mapping(at);
      if (at === indent && !inSequence && isDash(text)) return this.sequence(at);
      return null;
    }
    const c = rest[0];
    if (c === '|') return this.literal(rest, indent);
    if (c === '"') return quoted(rest, DOUBLE_QUOTED, decodeJsonString);
    if (c === "'") return quoted(rest, SINGLE_QUOTED, (raw) => raw.slice(1, -1).replaceAll("''", "'"));
    if (c === '[' || c === '{') return flow(rest);
    if (UNHANDLED_START.test(rest)) throw OUTSIDE;
    return plain(rest);
  }

  /** A literal block scalar, read line by line the way js-yaml does (indentation, blank lines, chomping). */
  private literal(header: string, parentIndent: number): string {
    const m = BLOCK_HEADER.exec(header);
    if (!m) throw OUTSIDE;
    const width = m[1] ?? m[4];
    const chomp = m[2] ?? m[3];
    let detected = width !== undefined;
    let textIndent = parentIndent + (width !== undefined ? Number(width) : 1);
    let result = '';
    let emptyLines = 0;
    let didRead = false;
    let i = this.cursor;
    for (; i < this.end; i++) {
      const line = this.lines[i] as string;
      const spaces = leadingSpaces(line);
      const lineIndent = detected ? Math.min(spaces, textIndent) : spaces;
      if (!detected && lineIndent > textIndent) textIndent = lineIndent;
      if (lineIndent === line.length) {
        emptyLines++;
        continue;
      }
      if (lineIndent < textIndent) break;
      result += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines) + line.slice(lineIndent);
      didRead = true;
      detected = true;
      emptyLines = 0;
    }
    this.cursor = i;
    if (chomp === '+') result += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
    else if (chomp === undefined && didRead) result += '\n';
    return result;
  }
}

/** `key: rest` -> [key, rest] for a plain or one-line quoted key; undefined when the text is not an entry. */
function splitEntry(text: string): [string, string] | undefined {
  let key: string;
  let after: string;
  const c = text[0];
  if (c === '"' || c === "'") {
    const m = (c === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED).exec(text);
    if (!m) return undefined;
    after = text.slice(m[0].length);
    if (after[0] !== ':') return undefined;
    key = c === '"' ? decodeJsonString(m[0]) : m[0].slice(1, -1).replaceAll("''", "'");
  } else {
    const colon = text.indexOf(': ');
    const end = colon >= 0 ? colon : text.endsWith(':') ? text.length - 1 : -1;
    if (end < 0) return undefined;
    key = text.slice(0, end);
    // A key YAML would read as another type (`1`, `null`, `<<`) is stringified by js-yaml: not ours to mimic.
    if (!PLAIN_KEY.test(key) || isAmbiguousPlain(key)) throw OUTSIDE;
    after = text.slice(end);
  }
  if (after === ':') return [key, ''];
  if (!after.startsWith(': ')) throw OUTSIDE;
  return [key, after.slice(2).trimStart()];
}

/** A JSON string literal is a YAML double-quoted scalar with the same value, when it is JSON's own spelling. */
function decodeJsonString(raw: string): string {
  const value = parseJson(raw);
  if (typeof value !== 'string' || JSON.stringify(value) !== raw) throw OUTSIDE;
  return value;
}

function quoted(rest: string, pattern: RegExp, decode: (raw: string) => string): string {
  const m = pattern.exec(rest);
  if (!m || !LINE_END.test(rest.slice(m[0].length))) throw OUTSIDE;
  return decode(m[0]);
}

/**
 * A one-line flow value: a flat sequence of scalars (`[get, list, "watch"]`, `["ALL"]`), or JSON's own
 * spelling (`{}`, `{"a":1}`, `[[1]]`: JSON.stringify output reads the same as JSON and as YAML).
 */
function flow(rest: string): unknown {
  const text = rest.trimEnd();
  const flat = flatFlowSequence(text);
  if (flat) return flat;
  const value = parseJson(text);
  // Long numbers: parsers may round them differently; JSON.parse keeps a `__proto__` key, js-yaml does not.
  if (JSON.stringify(value) !== text || LONG_NUMBER.test(text) || text.includes('"__proto__"')) throw OUTSIDE;
  return value;
}

/** `[a, "b", 'c']` split at commas, each item a whole quoted or simple plain scalar; undefined if not so. */
function flatFlowSequence(text: string): unknown[] | undefined {
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const inner = text.slice(1, -1);
  if (inner.trim() === '') return inner === '' ? [] : undefined;
  const items: unknown[] = [];
  for (const raw of inner.split(',')) {
    const item = raw.trim();
    const c = item[0];
    if (c === '"' || c === "'") {
      const m = (c === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED).exec(item);
      if (!m || m[0].length !== item.length) return undefined;
      items.push(c === '"' ? decodeJsonString(item) : item.slice(1, -1).replaceAll("''", "'"));
    } else {
      if (!FLOW_PLAIN.test(item)) return undefined;
      items.push(plain(item));
    }
  }
  return items;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw OUTSIDE;
  }
}

/** A one-line plain scalar: comment cut, then null/bool words, simple numbers, or a string. */
function plain(rest: string): unknown {
  const hash = rest.indexOf(' #');
  const text = (hash >= 0 ? rest.slice(0, hash) : rest).trimEnd();
  if (text.includes(': ') || text.endsWith(':')) throw OUTSIDE;
  const word = PLAIN_WORDS.get(text);
  if (word !== undefined) return word;
  if (!isAmbiguousPlain(text)) return text;
  if ((SIMPLE_INT.test(text) && text !== '-0') || SIMPLE_FLOAT.test(text)) return Number(text);
  throw OUTSIDE;
}
