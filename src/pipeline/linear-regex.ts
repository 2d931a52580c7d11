import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

let lib: typeof Re2js | undefined;

/** A compiled selector pattern: RE2 syntax and semantics, as Go's regexp gives upstream istioctl. */
export interface LinearRegex {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text`, in time linear in its length (no backtracking). */
  test(text: string): boolean;
}

/**
 * Compiles `source` with re2js, a port of RE2: matching never backtracks, so no pattern, however its
 * quantifiers nest, can stall a render. Loaded on first use, as only overlays with a regex selector need it.
 * Throws, with RE2's message, on a pattern RE2 refuses (backreferences, lookaround, repeats above 1000).
 */
export function compileLinearRegex(source: string): LinearRegex {
  lib ??= createRequire(import.meta.url)('re2js') as typeof Re2js;
  const compiled = lib.RE2JS.compile(source);
  return { source, test: (text) => compiled.test(text) };
}
