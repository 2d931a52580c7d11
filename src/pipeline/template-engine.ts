import Handlebars from 'handlebars';
import { registerHelpers } from './template-helpers.js';

/**
 * An isolated Handlebars instance for rendering Kubernetes YAML.
 *
 * Handlebars escapes for HTML, not YAML, so escaping is off (`noEscape`) and every value that reaches a
 * manifest goes through a helper that produces valid YAML: `json` for scalars (a JSON string is a
 * valid YAML flow scalar, so `: `, `#`, `yes` and `0777` stay strings) and `yaml` for blocks.
 * `strict` makes a typo in a printed path fail the render instead of printing nothing.
 */
export type TemplateFn = (context: object) => string;

/** The compile options; the build's precompile step (build/precompile-charts.ts) uses the same. */
export const TEMPLATE_OPTIONS = { strict: true, noEscape: true } as const;

export function createTemplateEngine(): { compile(source: string): TemplateFn } {
  const hb = Handlebars.create();
  registerHelpers(hb);
  return {
    compile(source: string): TemplateFn {
      const fn = hb.compile(source, TEMPLATE_OPTIONS);
      return (context) => fn(context);
    },
  };
}
