import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { PACK_FILE, parsePackInfo, type PackInfo } from '../packs/pack-info.js';
import { compareVersionText } from '../packs/istio-version.js';
import { existsDir, existsFile } from './asset-paths.js';

/** A render chart as it is on disk: defaults and template sources, in file-name order. */
export interface ChartSource {
  name: string;
  values: JsonObject;
  templates: { name: string; source: string }[];
}

/** One pack's sources with its base packs' files laid underneath (ADR 13). */
export interface PackSources {
  info: PackInfo;
  /** The pack and its bases, root first (their value-key changes apply in this order). */
  chain: PackInfo[];
  /** Profile name -> the profile's IstioOperator `spec`. */
  profiles: Map<string, JsonObject>;
  charts: ChartSource[];
}

/** Every pack under `packsDir` (`<version>/pack.yaml`), oldest release first. */
export function listPacks(packsDir: string): PackInfo[] {
  return readdirSync(packsDir)
    .filter((v) => existsFile(path.join(packsDir, v, PACK_FILE)))
    .map((v) => readPackInfo(packsDir, v))
    .sort((a, b) => compareVersionText(a.version, b.version));
}

export function readPackInfo(packsDir: string, version: string): PackInfo {
  const file = path.join(packsDir, version, PACK_FILE);
  const info = parsePackInfo(yaml.load(readFileSync(file, 'utf8')) as JsonValue, file);
  if (info.version !== version) throw new Error(`${file}: version ${info.version} differs from its folder ${version}`);
  return info;
}

/**
 * A pack's files: each pack-relative path (`charts/<chart>/values.yaml`, `charts/<chart>/templates/x.yaml.hbs`,
 * `profiles/x.yaml`) comes from the newest pack of the chain that has it, unless a pack on the way removes it.
 */
export function readPackSources(packsDir: string, version: string): PackSources {
  const chain = packChain(packsDir, version);
  const files = new Map<string, string>();
  for (const info of chain) {
    for (const removed of info.removes) {
      if (!files.delete(removed)) throw new Error(`packs/${info.version}/${PACK_FILE}: removes ${removed}, which its base does not have`);
    }
    for (const rel of listFiles(path.join(packsDir, info.version), ['charts', 'profiles'])) files.set(rel, path.join(packsDir, info.version, rel));
  }
  return { info: chain[chain.length - 1] as PackInfo, chain, profiles: profilesOf(files), charts: chartsOf(files) };
}

/** The pack and its bases, root first; a cycle or a missing base is a build error. */
function packChain(packsDir: string, version: string): PackInfo[] {
  const chain: PackInfo[] = [];
  for (let v: string | undefined = version; v !== undefined; ) {
    if (chain.some((p) => p.version === v)) throw new Error(`packs/${version}: its bases form a cycle through ${v}`);
    if (!existsFile(path.join(packsDir, v, PACK_FILE))) throw new Error(`packs/${v}/${PACK_FILE} is missing`);
    const info = readPackInfo(packsDir, v);
    chain.unshift(info);
    v = info.base;
  }
  return chain;
}

function listFiles(root: string, tops: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    if (!existsDir(abs)) return;
    for (const name of readdirSync(abs).sort()) {
      const child = `${rel}/${name}`;
      if (existsDir(path.join(root, child))) walk(child);
      else out.push(child);
    }
  };
  for (const top of tops) walk(top);
  return out;
}

function profilesOf(files: Map<string, string>): Map<string, JsonObject> {
  const profiles = new Map<string, JsonObject>();
  for (const rel of [...files.keys()].filter((f) => /^profiles\/[^/]+\.yaml$/.test(f)).sort()) {
    const doc = yaml.load(readFileSync(files.get(rel) as string, 'utf8'));
    const spec = isJsonObject(doc as JsonObject) ? (doc as JsonObject).spec : undefined;
    profiles.set(path.basename(rel, '.yaml'), isJsonObject(spec ?? null) ? (spec as JsonObject) : {});
  }
  return profiles;
}

/** Charts are folders with `templates/*.yaml.hbs`; templates in file-name order. */
function chartsOf(files: Map<string, string>): ChartSource[] {
  const names = new Set([...files.keys()].map((f) => /^charts\/([^/]+)\/templates\/[^/]+\.yaml\.hbs$/.exec(f)?.[1]).filter((n): n is string => n !== undefined));
  return [...names].sort().map((name) => {
    const valuesFile = files.get(`charts/${name}/values.yaml`);
    const values = valuesFile ? yaml.load(readFileSync(valuesFile, 'utf8')) : {};
    const prefix = `charts/${name}/templates/`;
    const templates = [...files.keys()]
      .filter((f) => f.startsWith(prefix) && f.endsWith('.yaml.hbs') && !f.slice(prefix.length).includes('/'))
      .sort()
      .map((f) => ({ name: f.slice(prefix.length), source: readFileSync(files.get(f) as string, 'utf8') }));
    return { name, values: isJsonObject((values ?? null) as JsonObject) ? (values as JsonObject) : {}, templates };
  });
}

/** A hash of one pack's resolved sources: the build records it, a test checks the build is current. */
export function sourcesFingerprint(sources: PackSources): string {
  return createHash('sha256').update(JSON.stringify({ chain: sources.chain, charts: sources.charts, profiles: [...sources.profiles] })).digest('hex');
}
