import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject } from '../api/json.js';
import { existsDir, existsFile } from './asset-paths.js';

/** A render chart as it is on disk: defaults and template sources, in file-name order. */
export interface ChartSource {
  name: string;
  values: JsonObject;
  templates: { name: string; source: string }[];
}

/** Profile name -> the profile's IstioOperator `spec`, from `profiles/*.yaml`. */
export function readProfiles(dir: string): Map<string, JsonObject> {
  const profiles = new Map<string, JsonObject>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = yaml.load(readFileSync(path.join(dir, file), 'utf8'));
    const spec = isJsonObject(doc as JsonObject) ? (doc as JsonObject).spec : undefined;
    profiles.set(file.slice(0, -'.yaml'.length), isJsonObject(spec ?? null) ? (spec as JsonObject) : {});
  }
  return profiles;
}

/**
 * Every render chart under `dir`. A chart folder without `templates/*.yaml.hbs` (the operator's own Helm
 * chart) is not a render chart and is skipped.
 */
export function readCharts(dir: string): ChartSource[] {
  const charts: ChartSource[] = [];
  for (const name of readdirSync(dir).sort()) {
    const templatesDir = path.join(dir, name, 'templates');
    if (!existsDir(templatesDir)) continue;
    const valuesFile = path.join(dir, name, 'values.yaml');
    const values = existsFile(valuesFile) ? yaml.load(readFileSync(valuesFile, 'utf8')) : {};
    const templates = readdirSync(templatesDir)
      .filter((f) => f.endsWith('.yaml.hbs'))
      .sort()
      .map((file) => ({ name: file, source: readFileSync(path.join(templatesDir, file), 'utf8') }));
    if (templates.length === 0) continue;
    charts.push({ name, values: isJsonObject((values ?? null) as JsonObject) ? (values as JsonObject) : {}, templates });
  }
  return charts;
}

/** A hash of every chart and profile source: the build records it, a test checks the build is current. */
export function sourcesFingerprint(root: string): string {
  const charts = readCharts(path.join(root, 'charts'));
  const profiles = [...readProfiles(path.join(root, 'profiles'))];
  return createHash('sha256').update(JSON.stringify({ charts, profiles })).digest('hex');
}
