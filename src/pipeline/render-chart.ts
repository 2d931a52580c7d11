import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { jsYaml } from '../startup/js-yaml-lazy.js';
import type { CompiledChart } from './types.js';
import { parseYamlSubset } from './yaml-parse-subset.js';

/** What a template sees. Shaped like Helm's context so the templates read familiarly. */
export interface ChartContext {
  Values: JsonObject;
  Release: { Name: string; Namespace: string };
  /** Extra per-render facts (e.g. the gateway entry being rendered). */
  [key: string]: unknown;
}

/**
 * Renders every template of a chart, splits the output into documents, parses each back (the same result
 * as js-yaml's, see readDocuments) and checks its shape. Any failure names the chart and the template; nothing is returned half-rendered.
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
      docs = readDocuments(text);
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

/**
 * The documents of a template's output. Our templates write block YAML that yaml-parse-subset.ts reads
 * quickly; anything outside it, and any output with a misshapen document (so that the error counts documents
 * as js-yaml does, empty ones included), is read by js-yaml.
 */
function readDocuments(text: string): unknown[] {
  const fast = parseYamlSubset(text);
  if (fast && fast.every((doc) => checkShape(doc) === undefined)) return fast;
  return jsYaml().loadAll(text);
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
