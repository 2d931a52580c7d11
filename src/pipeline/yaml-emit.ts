import type { JsonObject, JsonValue } from '../api/json.js';

/**
 * A YAML emitter for JSON data that writes exactly the bytes of js-yaml 4's
 * `dump(value, { lineWidth: -1, noRefs: true, sortKeys, noArrayIndent })`: block style, two-space indent,
 * literal block scalars for multi-line text, the same quoting decisions. It exists for start-up speed: a
 * cold CLI spends most of its time in interpreted code, and this one leaves the per-character work to
 * native regular expressions. yaml-emit.test.ts compares it with js-yaml on tricky and random input.
 */
export interface YamlEmitOptions {
  /** Keys in code-unit order (js-yaml's `sortKeys: true`). */
  sortKeys?: boolean;
  /** A sequence under a mapping key starts at the key's column (js-yaml's `noArrayIndent`, Helm's layout). */
  noArrayIndent?: boolean;
  /** Reorders a mapping's keys after sorting; `depth` 0 is the root, `parentKey` the key holding the mapping. */
  reorderKeys?: (keys: string[], depth: number, parentKey: string | undefined) => string[];
}

export function emitYaml(value: JsonValue | undefined, options: YamlEmitOptions = {}): string {
  if (value === undefined) return '';
  return `${new Emitter(options).node(value, 0, true, false, 0, undefined)}\n`;
}

/** Plain scalars js-yaml quotes for YAML 1.1 readers (`yes`, `on`, sexagesimal `1:30`). */
const YAML11_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const SEXAGESIMAL = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;

/**
 * Characters js-yaml will not print raw, so the scalar is double-quoted: the C0/C1 controls (\p{Cc}, but a
 * line feed is fine in a value), no-break space, the Unicode line separators, lone surrogates, BOM, U+FFFE/F.
 */
const UNPRINTABLE = /[^\P{Cc}\n]|[\xA0\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/u;
const UNPRINTABLE_OR_LF = /[\p{Cc}\xA0\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/u;
/** What double quoting escapes: the unprintable characters, `"` and `\`. */
const TO_ESCAPE = /[\p{Cc}"\\\xA0\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/gu;
const NAMED_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1B': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\x85': '\\N',
  '\xA0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/**
 * A printable one-line string that cannot be plain: an indicator or space first, a space or `:` last, or
 * `: ` / ` #` inside (they would start a mapping value or a comment).
 */
const NOT_PLAIN = /^[-?:,[\]{}#&*!|=>'"%@` ]|[ :]$|: | #/;

/** Plain text that a YAML reader would resolve to another type: null, bool, merge (`<<`), int, float, timestamp. */
const SPECIAL_WORDS = new Set(['~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '<<']);
const INT = /^[-+]?(?:0b[01_]*[01]|0x[0-9a-fA-F_]*[0-9a-fA-F]|0o[0-7_]*[0-7]|[0-9](?:[0-9_]*[0-9])?)$/;
const INT_BAD_START = /^[-+]?0_/;
const FLOAT = /^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$/;

export function isAmbiguousPlain(s: string): boolean {
  if (SPECIAL_WORDS.has(s)) return true;
  const c = s.charCodeAt(0);
  // Every other type starts with a digit, a sign or a dot.
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false;
  if (INT.test(s) && !INT_BAD_START.test(s)) return true;
  if (FLOAT.test(s) && !s.endsWith('_')) return true;
  return DATE.test(s) || TIMESTAMP.test(s);
}

function escapeChar(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Object.is(n, -0)) return '-0.0';
  const text = n.toString(10);
  // A float in exponent form needs a dot to stay a float in YAML (5e-7 -> 5.e-7).
  return n % 1 !== 0 && /^[-+]?[0-9]+e/.test(text) ? text.replace('e', '.e') : text;
}

/** `level` follows js-yaml's: a mapping at level L writes its keys at 2L columns, its values at level L+1. */
class Emitter {
  constructor(private readonly options: YamlEmitOptions) {}

  node(value: JsonValue, level: number, compact: boolean, inSequence: boolean, depth: number, parentKey: string | undefined): string {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'string':
        return this.scalar(value, level, false);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        return numberText(value);
      case 'object':
        break;
      default:
        throw new Error(`cannot emit a ${typeof value} as YAML`);
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      const seqLevel = this.options.noArrayIndent && !inSequence && level > 0 ? level - 1 : level;
      return this.sequence(value, seqLevel, compact, depth);
    }
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return this.mapping(value, keys, level, compact, depth, parentKey);
  }

  private mapping(map: JsonObject, keys: string[], level: number, compact: boolean, depth: number, parentKey: string | undefined): string {
    if (this.options.sortKeys) keys.sort();
    if (this.options.reorderKeys) keys = this.options.reorderKeys(keys, depth, parentKey);
    const newline = `\n${'  '.repeat(level)}`;
    let out = '';
    for (const key of keys) {
      const value = map[key];
      if (value === undefined) continue; // as JSON.stringify: an absent field
      let pair = !compact || out !== '' ? newline : '';
      const keyText = this.scalar(key, level + 1, true);
      // js-yaml writes a key longer than 1024 characters as an explicit `? key` entry.
      const explicit = keyText.length > 1024;
      pair += explicit ? `? ${keyText}${newline}` : keyText;
      const valueText = this.node(value, level + 1, explicit, false, depth + 1, key);
      out += pair + (valueText.charCodeAt(0) === 0x0a ? ':' : ': ') + valueText;
    }
    return out === '' ? '{}' : out;
  }

  private sequence(list: JsonValue[], level: number, compact: boolean, depth: number): string {
    const newline = `\n${'  '.repeat(level)}`;
    let out = '';
    for (const item of list) {
      // A hole (undefined) is written as null, as js-yaml does.
      const text = this.node(item ?? null, level + 1, true, true, depth + 1, undefined);
      out += (!compact || out !== '' ? newline : '') + (text.charCodeAt(0) === 0x0a ? '-' : '- ') + text;
    }
    return out;
  }

  private scalar(s: string, level: number, isKey: boolean): string {
    if (s === '') return "''";
    if (YAML11_WORDS.has(s) || SEXAGESIMAL.test(s)) return `'${s}'`;
    if ((isKey ? UNPRINTABLE_OR_LF : UNPRINTABLE).test(s)) return `"${s.replace(TO_ESCAPE, escapeChar)}"`;
    if (!isKey && s.includes('\n')) return literal(s, level);
    if (!NOT_PLAIN.test(s) && !isAmbiguousPlain(s)) return s;
    return `'${s.replaceAll("'", "''")}'`;
  }
}

/** A literal block scalar (`|`), indented 2 * level (at least 2); chomping keeps the trailing newlines exact. */
function literal(s: string, level: number): string {
  const indent = '  '.repeat(Math.max(1, level));
  // Leading spaces (after any empty lines) would be read as indentation: state it.
  const indicator = /^\n* /.test(s) ? '2' : '';
  const clip = s.endsWith('\n');
  const keep = clip && (s.length === 1 || s.charCodeAt(s.length - 2) === 0x0a);
  const chomp = keep ? '+' : clip ? '' : '-';
  // Every non-empty line indented (there are no other line terminators: they are unprintable).
  const body = s.replace(/^(?!$)/gm, indent);
  return `|${indicator}${chomp}\n${body.endsWith('\n') ? body.slice(0, -1) : body}`;
}
