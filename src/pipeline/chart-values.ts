import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { mergeLayers } from './merge-layers.js';
import { childOf } from './translate-values.js';
import type { CompiledChart } from './types.js';

/**
 * Keys of a chart's values.yaml that hold chart-level deltas rather than values: istioctl's charts lay the
 * file named by `profile`, `compatibilityVersion` and `platform` between their defaults and the values they
 * are given (manifests/zzz_profile.yaml), and so does every chart of ours that defines them (docs/adr/0004).
 */
const DELTA_KEYS = ['_profiles', '_compatibility', '_platforms'] as const;

/** The chart's defaults without the delta blocks, and the deltas `values` selects, in precedence order. */
export function splitChartValues(chart: CompiledChart, values: JsonObject): { defaults: JsonObject; deltas: JsonObject[] } {
  const defaults: JsonObject = { ...chart.values };
  for (const key of DELTA_KEYS) delete defaults[key];
  const global = childOf(values, 'global');
  const names: [key: (typeof DELTA_KEYS)[number], name: JsonValue | undefined][] = [
    ['_profiles', values.profile || global.profile],
    ['_compatibility', values.compatibilityVersion],
    ['_platforms', values.platform || global.platform],
  ];
  const deltas = names.flatMap(([key, name]) => (typeof name === 'string' && name !== '' ? [childOf(childOf(chart.values, key), name)] : []));
  return { defaults, deltas };
}

/**
 * Chart values for a chart that reads its settings at the top level (ztunnel), the way istioctl hands them
 * over: the chart's defaults and deltas, then `global` laid over the top level (istioctl's "flatten
 * globals"), then `global`, every top-level value that is not a map and the contents of `values.<root>`.
 * Maps other than `global` and the root (meshConfig, pilot, ...) do not reach such a chart.
 */
export function buildFlatChartValues(chart: CompiledChart, values: JsonObject, overrides: JsonObject, root: string): JsonObject {
  const given = mergeLayers(values, overrides);
  const { defaults, deltas } = splitChartValues(chart, given);
  const delta = mergeLayers(...deltas);
  const scalars = Object.fromEntries(Object.entries(given).filter(([, v]) => !isJsonObject(v)));
  const flattened: JsonObject = { global: childOf(given, 'global'), ...scalars, ...childOf(given, root) };
  return mergeLayers(defaults, delta, childOf(delta, 'global'), childOf(given, 'global'), flattened);
}
