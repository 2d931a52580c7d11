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
 * The chart values every component shares (facts §1.1 steps 6-7): hub, tag, revision, compatibilityVersion
 * and meshConfig move from the spec into values, `pilot.enabled` mirrors the component, then `spec.values`
 * is laid on top (so `values.meshConfig.X` beats `meshConfig.X`) and `spec.unvalidatedValues` last.
 */
export function translateValues(spec: IstioOperatorSpec, images: ImageDefaults): JsonObject {
  const components = spec.components ?? {};
  const translated: JsonObject = {
    global: { hub: spec.hub ?? images.hub, tag: spec.tag ?? images.tag },
    revision: spec.revision ?? '',
    meshConfig: spec.meshConfig ?? {},
    pilot: { enabled: components.pilot?.enabled !== false, cni: { enabled: components.cni?.enabled === true } },
    ...(spec.compatibilityVersion !== undefined ? { compatibilityVersion: spec.compatibilityVersion } : {}),
  };
  const merged = mergeLayers(translated, spec.values ?? {}, spec.unvalidatedValues ?? {});
  const global = childOf(merged, 'global');
  // Charts build image references from the tag, so a YAML number (`tag: 1.27`) becomes text here.
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
