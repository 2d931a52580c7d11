import type { JsonObject } from '../api/json.js';
import type { PrecompiledTemplate } from '../pipeline/template-runtime.js';

/** `dist/assets/index.json`: what the build precompiled, and from which sources. */
export interface BuiltAssetIndex {
  /** sourcesFingerprint() of the charts and profiles the build read. */
  sourcesFingerprint: string;
  profiles: Record<string, JsonObject>;
  /** Render chart names; each is `charts/<name>.cjs`. */
  charts: string[];
}

/** `dist/assets/charts/<name>.cjs` exports this: defaults plus Handlebars.precompile output per template. */
export interface BuiltChart {
  values: JsonObject;
  templates: { name: string; spec: PrecompiledTemplate }[];
}

export const INDEX_FILE = 'index.json';
export const chartFile = (name: string): string => `charts/${name}.cjs`;
