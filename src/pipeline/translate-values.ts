import { DEFAULT_ISTIO_NAMESPACE } from '../api/components.js';
import type { IstioOperatorSpec } from '../api/istio-operator.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { mergeLayers } from './merge-layers.js';

/** The pack's image registry and tag, used where the spec names none. */
export interface ImageDefaults {
  hub: string;
  tag: string;
}

/**
 * The spec fields istioctl moves into values (layer 3 of value-layers.ts): hub, tag, revision,
 * compatibilityVersion and meshConfig; `pilot.enabled` mirrors the component and `pilot.cni.enabled` the
 * CNI component. `spec.values` is laid over them, so `values.meshConfig.X` beats `meshConfig.X`.
 */
export function specFieldsAsValues(spec: IstioOperatorSpec, images: ImageDefaults): JsonObject {
  const components = spec.components ?? {};
  return {
    global: { hub: spec.hub ?? images.hub, tag: spec.tag ?? images.tag },
    revision: spec.revision ?? '',
    meshConfig: spec.meshConfig ?? {},
    pilot: { enabled: components.pilot?.enabled !== false, cni: { enabled: components.cni?.enabled === true } },
    ...(spec.compatibilityVersion !== undefined ? { compatibilityVersion: spec.compatibilityVersion } : {}),
  };
}

/**
 * The shared values after layering, settled: charts build image references from the tag, so a YAML number
 * (`tag: 1.27`) becomes text; an empty `global.istioNamespace` means istio-system; `revision` is text.
 */
export function settleSharedValues(merged: JsonObject, images: ImageDefaults): JsonObject {
  const global = childOf(merged, 'global');
  const namespace = global.istioNamespace;
  return mergeLayers(merged, {
    global: {
      tag: tagText(global.tag) ?? images.tag,
      istioNamespace: typeof namespace === 'string' && namespace !== '' ? namespace : DEFAULT_ISTIO_NAMESPACE,
    },
    revision: typeof merged.revision === 'string' ? merged.revision : '',
  });
}

/** `tag` as text: numbers are stringified, anything else that is not a string means "not set". */
export function tagText(tag: JsonValue | undefined): string | undefined {
  if (typeof tag === 'number') return String(tag);
  return typeof tag === 'string' ? tag : undefined;
}

/** The mapping under `key`, or an empty one: reading nested values without a cascade of checks. */
export function childOf(obj: JsonValue | undefined, key: string): JsonObject {
  if (!isJsonObject(obj ?? null)) return {};
  const value = (obj as JsonObject)[key];
  return isJsonObject(value ?? null) ? (value as JsonObject) : {};
}
