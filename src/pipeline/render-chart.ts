import yaml from 'js-yaml';
import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import type { CompiledChart } from './types.js';

/** What a template sees. Shaped like Helm's context so the templates read familiarly. */
export interface ChartContext {
  Values: JsonObject;
  Release: { Name: string; Namespace: string };
  /** Extra per-render facts (e.g. the gateway entry being rendered). */
  [key: string]: unknown;
}

/**
 * Renders every template of a chart, splits the output into documents, parses each back with js-yaml and
 * checks its shape. Any failure names the chart and the template; nothing is returned half-rendered.
 */
export function renderChart(chart: CompiledChart, context: ChartContext): Result<KubeObject[]> {
  const objects: KubeObject[] = [];
  const errors: FieldError[] = [];
  for (const template of chart.templates) {
    const where = `charts/${chart.name}/templates/${template.name}`;
    let text: string;
    try {
      text = template.render(context);
    } catch (e) {
      errors.push({ path: where, reason: `template failed: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    let docs: unknown[];
    try {
      docs = yaml.loadAll(text);
    } catch (e) {
      errors.push({ path: where, reason: `rendered invalid YAML: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    docs.forEach((doc, index) => {
      if (doc === null || doc === undefined) return;
      const problem = checkShape(doc);
      if (problem) errors.push({ path: `${where} (document ${index + 1})`, reason: problem });
      else objects.push(doc as KubeObject);
    });
  }
  return errors.length > 0 ? fail(errors) : ok(objects);
}

function checkShape(doc: unknown): string | undefined {
  if (!isJsonObject(doc as JsonObject)) return 'rendered a document that is not a mapping';
  const d = doc as Record<string, unknown>;
  if (typeof d.apiVersion !== 'string' || d.apiVersion === '') return 'rendered an object without apiVersion';
  if (typeof d.kind !== 'string' || d.kind === '') return 'rendered an object without kind';
  const meta = d.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta.name !== 'string' || meta.name === '') return `rendered a ${d.kind} without metadata.name`;
  for (const key of ['labels', 'annotations'] as const) {
    const map = meta[key];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map as JsonObject)) return `${d.kind} ${meta.name}: metadata.${key} is not a mapping`;
    for (const [k, v] of Object.entries(map as object)) {
      if (typeof v !== 'string') return `${d.kind} ${meta.name}: metadata.${key}.${k} is not a string`;
    }
  }
  return undefined;
}
