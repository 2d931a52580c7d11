import type Handlebars from 'handlebars';
import { isJsonObject, type JsonValue } from '../api/json.js';
import { emitYaml } from './yaml-emit.js';

/**
 * Rendering Kubernetes YAML with Handlebars (compiled from source in template-compiler.ts, precompiled at
 * build time in template-runtime.ts; both with these helpers and options).
 *
 * Handlebars escapes for HTML, not YAML, so escaping is off (`noEscape`) and every value that reaches a
 * manifest goes through a helper that produces valid YAML: `json` for scalars (a JSON string is a
 * valid YAML flow scalar, so `: `, `#`, `yes` and `0777` stay strings) and `yaml` for blocks.
 * `strict` makes a typo in a printed path fail the render instead of printing nothing.
 */
export type TemplateFn = (context: object) => string;

/** The compile options; the build's precompile step (build/precompile-charts.ts) uses the same. */
export const TEMPLATE_OPTIONS = { strict: true, noEscape: true } as const;

/** The part of a Handlebars environment (compiler or runtime-only) that takes helpers. */
export type HelperHost = Pick<typeof Handlebars, 'registerHelper'>;

type Hash = { hash: Record<string, unknown> };
const isHash = (v: unknown): v is Hash => typeof v === 'object' && v !== null && 'hash' in v;

/** Drops the trailing Handlebars options argument from a variadic helper call. */
function args(list: unknown[]): unknown[] {
  return isHash(list[list.length - 1]) ? list.slice(0, -1) : list;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** A scalar as YAML reads it back after a template printed it without quotes (numbers stay numbers). */
function unquotedScalar(q: unknown): unknown {
  if (typeof q !== 'string') return q;
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(q)) return Number(q);
  if (/^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(q)) return Number(q);
  return q;
}

/**
 * A container's `resources` the way Istio 1.28+ charts print them: only `limits` and `requests`, each
 * without its empty entries (null, "", 0, false), a section with nothing left dropped, and each quantity
 * re-read as YAML reads the unquoted text the charts print (`"2"` becomes the number 2). Null when nothing
 * is left.
 */
function keptResources(v: unknown): Record<string, Record<string, unknown>> | null {
  if (!isJsonObject((v ?? null) as JsonValue)) return null;
  const out: Record<string, Record<string, unknown>> = {};
  for (const key of ['limits', 'requests']) {
    const section = (v as Record<string, unknown>)[key];
    if (!isJsonObject((section ?? null) as JsonValue)) continue;
    const kept = Object.entries(section as Record<string, unknown>).filter(([, q]) => !isEmpty(q) && q !== 0);
    if (kept.length > 0) out[key] = Object.fromEntries(kept.map(([name, q]) => [name, unquotedScalar(q)]));
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Helm's `int`: numbers truncated, numeric text parsed, anything else 0. */
function toInt(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : 0;
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** The helpers every chart template may call: registered on the compiler and on the precompiled runtime alike. */
export function registerHelpers(hb: HelperHost): void {
  /** `{{json v}}`: a scalar (or small flow value) as a YAML-safe JSON literal. */
  hb.registerHelper('json', (v: unknown) => {
    // strict mode does not check helper arguments: a typo'd path arrives as undefined, never as null.
    if (v === undefined) throw new Error('json: the value is undefined (a misspelt or missing key)');
    return JSON.stringify(v);
  });
  /**
   * `{{yaml v indent=N}}`: a block value as YAML, every line but the first indented by N spaces, so it
   * can follow `key:` on a new line (`key:\n  {{yaml v indent=2}}`) or stand inside a list.
   */
  hb.registerHelper('yaml', (v: unknown, options: Hash) => {
    const indent = Number(options.hash.indent ?? 0);
    // Scalars as JSON: a block scalar (`|2-`) would shift when its lines are re-indented below.
    if (typeof v !== 'object' || v === null) return JSON.stringify(v ?? null);
    const text = emitYaml(v as JsonValue).replace(/\n$/, '');
    return text.split('\n').join('\n' + ' '.repeat(indent));
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hb.registerHelper('not', (a: unknown) => isEmpty(a));
  /** `(gt a b)`: numeric comparison after Helm's `int` (text is parsed, anything else counts as 0). */
  hb.registerHelper('gt', (a: unknown, b: unknown) => toInt(a) > toInt(b));
  hb.registerHelper('and', (...list: unknown[]) => args(list).every((v) => !isEmpty(v)));
  hb.registerHelper('or', (...list: unknown[]) => args(list).find((v) => !isEmpty(v)) ?? false);
  hb.registerHelper('empty', (v: unknown) => isEmpty(v));
  /** `(gt a b)`: a > b as integers, the way the charts compare `(int x)` (text and absent values count as their number, or 0). */
  hb.registerHelper('gt', (a: unknown, b: unknown) => toInt(a) > toInt(b));
  /** `{{default v fallback}}`: v unless it is empty (null, '', false, [], {}). */
  hb.registerHelper('default', (v: unknown, fallback: unknown) => (isEmpty(v) ? fallback : v));
  /** `{{concat a b c}}`: string concatenation, empty values skipped. */
  hb.registerHelper('concat', (...list: unknown[]) =>
    args(list)
      .filter((v) => v !== undefined && v !== null)
      .map(String)
      .join(''),
  );
  /** `{{merge a b}}`: shallow object merge, later wins (label sets); spread keeps every key an own property. */
  hb.registerHelper('merge', (...list: unknown[]) =>
    args(list)
      .filter((v) => isJsonObject(v as JsonValue))
      .reduce<Record<string, unknown>>((out, v) => ({ ...out, ...(v as Record<string, unknown>) }), {}),
  );
  /** `{{get obj "key.with-dash"}}`: one own property, null when absent (an optional lookup, not a typo). */
  hb.registerHelper('get', (obj: unknown, key: string) =>
    isJsonObject(obj as JsonValue) && Object.hasOwn(obj as object, key) ? ((obj as Record<string, unknown>)[key] ?? null) : null,
  );
  /** `{{list a b}}` / `{{dict "k" v}}`: build values inline for `yaml`. */
  hb.registerHelper('list', (...list: unknown[]) => args(list));
  hb.registerHelper('dict', (...list: unknown[]) => {
    const a = args(list);
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < a.length; i += 2) out[String(a[i])] = a[i + 1];
    return out;
  });
  hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  /** `(choose cond a b)`: a when cond is not empty, else b (an expression-level if/else). */
  hb.registerHelper('choose', (cond: unknown, a: unknown, b: unknown) => (isEmpty(cond) ? b : a));
  /** `(when cond value)`: value when cond is not empty, else null (which `merge` skips). */
  hb.registerHelper('when', (cond: unknown, value: unknown) => (isEmpty(cond) ? null : value));
  /** `{{#if (ipv4 text)}}`: four dot-separated digit groups, the test Istio's charts use for an IP address. */
  hb.registerHelper('ipv4', (text: unknown) => typeof text === 'string' && /^([0-9]*\.){3}[0-9]*$/.test(text));
  /** `{{#if (ipv6 text)}}`: colon-separated hex groups, the test Istio's charts (1.28 on) use for an IPv6 address. */
  hb.registerHelper('ipv6', (text: unknown) => typeof text === 'string' && /^([0-9a-fA-F]*:)+[0-9a-fA-F]*$/.test(text));
  /** `{{#if (contains text "/")}}`: substring test on text (false for anything that is not text). */
  hb.registerHelper('contains', (text: unknown, part: unknown) => typeof text === 'string' && text.includes(String(part)));
  /** `{{{{raw}}}}…{{{{/raw}}}}`: emit the block verbatim (Go-template text that istiod evaluates). */
  hb.registerHelper('raw', (options: { fn: () => string }) => options.fn());
  hb.registerHelper('toString', (v: unknown) => (v === undefined || v === null ? '' : String(v)));
  /** `{{join list ","}}`: list items as text, separated (an absent list is empty text). */
  hb.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.map((v) => (v === null || v === undefined ? '' : String(v))).join(String(separator)) : '',
  );
  /**
   * `{{yaml (resourceRequirements v) indent=N}}`: keptResources as printed by the 1.30 templates (an empty
   * mapping when nothing is left), so that `cpu: null` removes a default limit.
   */
  hb.registerHelper('resourceRequirements', (v: unknown) => keptResources(v) ?? {});
  /**
   * `{{#with (resources v)}}`: keptResources as the 1.31 templates read them; null skips the block.
   */
  hb.registerHelper('resources', (v: unknown) => keptResources(v));
  /**
   * `{{json (yamlText v)}}`: a value as YAML text laid out like Helm's `toYaml` (keys sorted, list items not
   * indented under their key, no trailing newline), for ConfigMap entries that hold YAML as a string.
   */
  hb.registerHelper('yamlText', (v: unknown) =>
    emitYaml((v ?? null) as JsonValue, { sortKeys: true, noArrayIndent: true }).replace(/\n$/, ''),
  );
}
