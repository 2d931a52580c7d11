import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject } from '../api/json.js';
import { createTemplateEngine } from '../pipeline/template-engine.js';
import type { AssetSet, CompiledChart } from '../pipeline/types.js';

/** The package root (holds charts/, profiles/, crds/), from both src/ (vitest) and dist/src/ (built). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsDir(path.join(dir, 'profiles')) || !existsDir(path.join(dir, 'charts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Could not find the package root (profiles/ and charts/)');
    dir = parent;
  }
  return dir;
}


/**
 * Loads every profile and chart once, at start-up, into an immutable set. A chart folder without
 * `templates/*.yaml.hbs` (the operator's own Helm chart) is not a render chart and is skipped.
 */
export function loadAssets(root: string = packageRoot()): AssetSet {
  return { profiles: loadProfiles(path.join(root, 'profiles')), charts: loadCharts(path.join(root, 'charts')) };
}

function loadProfiles(dir: string): ReadonlyMap<string, JsonObject> {
  const profiles = new Map<string, JsonObject>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = yaml.load(readFileSync(path.join(dir, file), 'utf8'));
    const spec = isJsonObject(doc as JsonObject) ? (doc as JsonObject).spec : undefined;
    profiles.set(file.slice(0, -'.yaml'.length), isJsonObject(spec ?? null) ? (spec as JsonObject) : {});
  }
  return profiles;
}

function loadCharts(dir: string): ReadonlyMap<string, CompiledChart> {
  const engine = createTemplateEngine();
  const charts = new Map<string, CompiledChart>();
  for (const name of readdirSync(dir).sort()) {
    const templatesDir = path.join(dir, name, 'templates');
    if (!existsDir(templatesDir)) continue;
    const valuesFile = path.join(dir, name, 'values.yaml');
    const values = existsFile(valuesFile) ? yaml.load(readFileSync(valuesFile, 'utf8')) : {};
    const templates = readdirSync(templatesDir)
      .filter((f) => f.endsWith('.yaml.hbs'))
      .sort()
      .map((file) => ({ name: file, render: engine.compile(readFileSync(path.join(templatesDir, file), 'utf8')) }));
    if (templates.length === 0) continue;
    charts.set(name, { name, values: isJsonObject((values ?? null) as JsonObject) ? (values as JsonObject) : {}, templates });
  }
  return charts;
}

function existsDir(p: string): boolean {
  return statOrUndefined(p)?.isDirectory() ?? false;
}

function existsFile(p: string): boolean {
  return statOrUndefined(p)?.isFile() ?? false;
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
