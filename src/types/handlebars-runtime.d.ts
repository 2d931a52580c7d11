// Handlebars' single-file runtime build (the API minus the compiler) ships no types of its own.
declare module 'handlebars/dist/handlebars.runtime.js' {
  import type Handlebars from 'handlebars';
  const runtime: Pick<typeof Handlebars, 'create' | 'template'>;
  export default runtime;
}
