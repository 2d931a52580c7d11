import type { JsonObject } from '../api/json.js';
import type { PackInfo } from '../packs/pack-info.js';
import type { PrecompiledTemplate } from '../pipeline/template-runtime.js';

/** `dist/assets/packs.json`: the packs the build wrote, oldest first. */
export interface BuiltPackList {
  packs: PackInfo[];
}

/** `dist/assets/packs/<version>/index.json`: what the build precompiled for one pack, and from which sources. */
export interface BuiltAssetIndex {
  /** sourcesFingerprint() of the pack's resolved charts and profiles. */
  sourcesFingerprint: string;
  pack: PackInfo;
  /** The pack and its bases, root first. */
  chain: PackInfo[];
  profiles: Record<string, JsonObject>;
  /** Render chart names; each is `charts/<name>.cjs`. */
  charts: string[];
}

/** `dist/assets/packs/<version>/charts/<name>.cjs` exports this: defaults plus Handlebars.precompile output per template. */
export interface BuiltChart {
  values: JsonObject;
  templates: { name: string; spec: PrecompiledTemplate }[];
}

export const PACK_LIST_FILE = 'packs.json';
export const INDEX_FILE = 'index.json';
export const chartFile = (name: string): string => `charts/${name}.cjs`;
