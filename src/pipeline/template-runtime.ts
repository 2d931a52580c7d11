// The runtime (the full API minus the compiler) as Handlebars' single-file build: one module to load at
// start-up instead of the ~20 of `handlebars/runtime` (types: src/types/handlebars-runtime.d.ts).
import HandlebarsRuntime from 'handlebars/dist/handlebars.runtime.js';
import type { TemplateFn } from './template-engine.js';
import { registerHelpers } from './template-engine.js';

/** What Handlebars.precompile produced at build time, evaluated (build/precompile-charts.ts). */
export type PrecompiledTemplate = Parameters<typeof HandlebarsRuntime.template>[0];

/**
 * Turns precompiled templates into render functions with Handlebars' runtime only (no parser, no
 * compiler: the CLI's start-up does not pay for them). Same helpers as the compiling engine.
 */
export function createTemplateRuntime(): { load(spec: PrecompiledTemplate): TemplateFn } {
  const hb = HandlebarsRuntime.create();
  registerHelpers(hb);
  return {
    load(spec) {
      const fn = hb.template(spec);
      return (context) => fn(context);
    },
  };
}
