import type { IstioOperatorSpec } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { buildFlatChartValues, splitChartValues } from './chart-values.js';
import { mergeGatewaysByName, type GatewayListMerge } from './merge-gateways-by-name.js';
import { mergeLayers } from './merge-layers.js';
import { settleSharedValues, specFieldsAsValues, type ImageDefaults } from './translate-values.js';

/**
 * The order in which an IstioOperator render lays settings over each other, lowest first; a later layer
 * wins (maps merge, lists and scalars replace: merge-layers.ts). This module is the only place that
 * stacks them.
 *
 * The spec, before validation (`layerSpec`):
 *   1. the profile: `default`, then the named profile (resolve-profile.ts);
 *   2. the IstioOperator documents, in the order given, then the `--set` flags (buildUserSpec).
 *      With 1.23's list semantics the gateway lists merge with the profile's by name.
 * The values every component shares, from the validated spec (`layerSharedValues`):
 *   3. the spec fields istioctl moves into values: hub, tag, revision, meshConfig, compatibilityVersion,
 *      `pilot.enabled`, `pilot.cni.enabled`;
 *   4. `spec.values`;
 *   5. `spec.unvalidatedValues`;
 *      then the image tag is made text and an empty `global.istioNamespace` falls back to istio-system.
 * One component's chart values (`layerChartValues`):
 *   6. the chart's defaults (its values.yaml);
 *   7. the chart-level deltas the values select: profile, compatibilityVersion, platform (chart-values.ts);
 *   8. the shared values (3-5);
 *   9. the component's own settings: its hub and tag, a gateway's name, labels and ports;
 *  10. the `k8s` settings istioctl copies into values, where the pack says so (k8s-values.ts).
 *  A chart that reads its settings at its top level (ztunnel) gets 6-10 flattened as istioctl flattens
 *  them (buildFlatChartValues).
 */

/** Layers 1-2: the user's spec over the profile's. */
export function layerSpec(profile: JsonObject, user: JsonObject, listMerge: GatewayListMerge): JsonObject {
  return mergeLayers(profile, listMerge === 'by-name' ? mergeGatewaysByName(profile, user) : user);
}

/** Layers 3-5: the values every chart is given. */
export function layerSharedValues(spec: IstioOperatorSpec, images: ImageDefaults): JsonObject {
  return settleSharedValues(mergeLayers(specFieldsAsValues(spec, images), spec.values ?? {}, spec.unvalidatedValues ?? {}), images);
}

/** What one component adds over the shared values (layers 9-10). */
export interface ComponentValues {
  own: JsonObject;
  copiedK8s: JsonObject;
  /** The chart reads this values root at its top level. */
  flattenRoot?: string;
}

/** Layers 6-10: one chart's values. */
export function layerChartValues(chart: Parameters<typeof splitChartValues>[0], shared: JsonObject, component: ComponentValues): JsonObject {
  const overrides = componentLayers(component);
  if (component.flattenRoot !== undefined) return buildFlatChartValues(chart, shared, overrides, component.flattenRoot);
  const { defaults, deltas } = splitChartValues(chart, shared);
  return mergeLayers(defaults, ...deltas, shared, overrides);
}

/** Layers 9-10 together: what the istiod chart's published copies count as given beside the shared values. */
export function componentLayers(component: ComponentValues): JsonObject {
  return Object.keys(component.copiedK8s).length === 0 ? component.own : mergeLayers(component.own, component.copiedK8s);
}
