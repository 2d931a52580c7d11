import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import type { TemplateFn } from './template-engine.js';
import { registerHelpers } from './template-engine.js';

// The runtime (the full API minus the compiler) as Handlebars' single-file build: one module to load at
// start-up instead of the ~20 of `handlebars/runtime`. It ships no types of its own.
const HandlebarsRuntime = createRequire(import.meta.url)('handlebars/dist/handlebars.runtime.js') as Pick<typeof Handlebars, 'create' | 'template'>;

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
