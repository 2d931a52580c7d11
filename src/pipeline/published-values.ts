import { isJsonObject, type JsonObject } from '../api/json.js';
import { splitChartValues } from './chart-values.js';
import { mergeLayers } from './merge-layers.js';
import { childOf } from './translate-values.js';
import type { CompiledChart } from './types.js';

/** The istiod chart's copies of its values, as istioctl's chart prints them (the `values` ConfigMap). */
export interface PublishedValues {
  /** The values the chart was given: the translated IstioOperator values, without chart defaults. */
  original: JsonObject;
  /** Defaults < chart deltas < given values, then `pilot` laid over the top level. */
  merged: JsonObject;
}

/**
 * Istio's istiod chart keeps its own settings at the top level of its values and copies `values.pilot` over
 * them before rendering; its `values` ConfigMap and the injector's values show that tree. Our chart reads
 * the same settings under `pilot`, so this builds the published shape from our defaults: `pilot` defaults
 * lifted to the top level, the selected deltas and the given values over them, then `pilot` copied up.
 * `forced` holds unknown keys --force let through: they appear here and in no template's input.
 */
export function buildPublishedValues(chart: CompiledChart, values: JsonObject, overrides: JsonObject, forced: JsonObject): PublishedValues {
  const given = mergeLayers(values, overrides, forced);
  const { defaults, deltas } = splitChartValues(chart, given);
  const { pilot, ...rest } = defaults;
  const raw = mergeLayers({ ...rest, ...(isJsonObject(pilot ?? null) ? (pilot as JsonObject) : {}) }, ...deltas, given);
  return { original: withoutTranslationDefaults(given), merged: mergeLayers(raw, childOf(raw, 'pilot')) };
}

/**
 * istioctl translates `spec.revision` and `spec.meshConfig` into values only when they are set; our
 * translation always fills them in (every chart reads them), so their empty fillers are not "given".
 */
function withoutTranslationDefaults(given: JsonObject): JsonObject {
  const out = { ...given };
  if (out.revision === '') delete out.revision;
  if (isJsonObject(out.meshConfig ?? null) && Object.keys(out.meshConfig as JsonObject).length === 0) delete out.meshConfig;
  return out;
}
