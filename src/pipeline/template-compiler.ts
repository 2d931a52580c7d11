import Handlebars from 'handlebars';
import { registerHelpers, TEMPLATE_OPTIONS, type TemplateFn } from './template-engine.js';

/** An isolated Handlebars instance that compiles template sources (tests, the build's checks). */
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
