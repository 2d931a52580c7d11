import deepmerge from 'deepmerge';
import { expect } from 'vitest';
import type { JsonObject } from '../../api/json.js';
import type { KubeObject } from '../../api/kube-object.js';
import { loadAssets } from '../../assets/load-assets.js';
import { attachCrdSpecs } from '../attach-crd-specs.js';
import { buildPublishedValues } from '../published-values.js';
import { renderChart } from '../render-chart.js';

/** Test support for the render charts: render with overrides, find objects, read nested fields. */
const assets = loadAssets();

/** Renders a chart with `overrides` deep-merged over its values.yaml (lists replace), like the planner does. */
export function renderWith(chartName: string, overrides: JsonObject = {}, namespace = 'istio-system'): KubeObject[] {
  const chart = assets.charts.get(chartName);
  if (!chart) throw new Error(`chart ${chartName} not found`);
  const values = deepmerge(chart.values, overrides, { arrayMerge: (_, source: unknown[]) => source }) as JsonObject;
  const crds = assets.istioCrds().map((c) => ({ name: c.name, annotations: c.annotations }));
  // The istiod chart prints its values copies from the planner's Published tree.
  const published = chartName === 'istio-discovery' ? { Published: { ...buildPublishedValues(chart, overrides, {}, {}) } } : {};
  const result = renderChart(chart, { Values: values, Release: { Name: 'istio', Namespace: namespace }, IstioVersion: assets.pack.version, IstioCRDs: crds, ...published });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const complete = attachCrdSpecs(result.value, () => assets.istioCrds(), chartName);
  if (!complete.ok) throw new Error(JSON.stringify(complete.errors));
  return complete.value;
}

export const idOf = (o: KubeObject): string => `${o.kind}/${o.metadata.name}`;

export function findObject(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind}/${name}`).toBeDefined();
  return found as KubeObject;
}

/** `dig(obj, 'spec.template.spec.containers.0.name')`: a nested field, undefined when any step is missing. */
export function dig(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Names of the entries of a list of `{name: ...}` objects. */
export function namesIn(value: unknown, path: string): string[] {
  const list = dig(value, path);
  return Array.isArray(list) ? list.map((e) => String(dig(e, 'name'))) : [];
}

/** Label keys that only Helm or the post-processing step may set, never a chart. */
export const FORBIDDEN_LABELS = [
  'helm.sh/chart',
  'app.kubernetes.io/managed-by',
  'install.operator.istio.io/owning-resource',
  'install.operator.istio.io/owning-resource-namespace',
];
