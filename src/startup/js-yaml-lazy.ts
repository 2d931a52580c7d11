import { createRequire } from 'node:module';
import type JsYaml from 'js-yaml';

let lib: typeof JsYaml | undefined;

/**
 * js-yaml, loaded on first use: rendering our own charts reads their output with yaml-parse-subset.ts and
 * writes with yaml-emit.ts, so a plain `manifest generate` starts without it.
 */
export function jsYaml(): typeof JsYaml {
  return (lib ??= createRequire(import.meta.url)('js-yaml') as typeof JsYaml);
}
