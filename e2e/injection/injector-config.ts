import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { isJsonObject, type JsonObject } from '../../src/api/json.js';

/** The three files istio's injection code reads, as written to disk for istioctl and template-runner. */
export interface InjectorFiles {
  readonly config: string;
  readonly values: string;
  readonly mesh: string;
}

/** The parsed contents too, for comparing the ConfigMaps themselves. */
export interface InjectorConfig {
  readonly files: InjectorFiles;
  readonly values: JsonObject;
  /** The `config` document without the template texts (policy, selectors...), plus `templateNames`. */
  readonly settings: JsonObject;
  readonly templates: Record<string, string>;
}

function dataOf(objects: JsonObject[], prefix: string): Record<string, string> {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && String((o.metadata as JsonObject | undefined)?.name ?? '').startsWith(prefix));
  if (!cm) throw new Error(`the manifest has no ConfigMap ${prefix}*`);
  return (cm.data ?? {}) as Record<string, string>;
}

/** Finds the injector and mesh ConfigMaps in a rendered manifest and writes their keys under `dir`. */
export function extractInjectorConfig(manifest: string, dir: string): InjectorConfig {
  const objects = yaml.loadAll(manifest).filter((d): d is JsonObject => isJsonObject((d ?? null) as JsonObject));
  const injector = dataOf(objects, 'istio-sidecar-injector');
  const mesh = objects.filter((o) => o.kind === 'ConfigMap' && /^istio(-.*)?$/.test(String((o.metadata as JsonObject).name)));
  const meshText = (mesh[0]?.data as Record<string, string> | undefined)?.mesh;
  if (injector.config === undefined || injector.values === undefined || meshText === undefined) {
    throw new Error('the injector ConfigMap needs `config` and `values`, the istio ConfigMap `mesh`');
  }
  mkdirSync(dir, { recursive: true });
  const files = { config: path.join(dir, 'config.yaml'), values: path.join(dir, 'values.json'), mesh: path.join(dir, 'mesh.yaml') };
  writeFileSync(files.config, injector.config);
  writeFileSync(files.values, injector.values);
  writeFileSync(files.mesh, meshText);
  const { templates, ...settings } = yaml.load(injector.config) as JsonObject & { templates: Record<string, string> };
  return { files, values: JSON.parse(injector.values) as JsonObject, settings: { ...settings, templateNames: Object.keys(templates).sort() }, templates };
}
