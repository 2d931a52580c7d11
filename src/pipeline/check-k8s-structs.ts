import type { FieldError } from '../api/errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { describeValue } from './schema-check.js';
import { K8S_STRUCT_FIELDS } from './k8s-struct-fields.js';

/**
 * istioctl (1.27 and later) decodes the Kubernetes API structs that `spec.values` carries strictly: an unknown
 * field or a value of the wrong shape in a toleration, affinity, label selector, volume, ... refuses the
 * input. The schema keeps those structs free-form (they would swell the CRD); this checks them against the
 * field tables of k8s-struct-fields.ts (build/gen-k8s-struct-fields.ts). Scalars are checked loosely
 * (a number is accepted where text is expected, as Quantity fields take both).
 */
const TYPES = K8S_STRUCT_FIELDS;

/** Where the structs sit in `values`, and their type (`[]` for a list of them). */
const STRUCT_PATHS: readonly (readonly [path: string, type: string])[] = [
  ['cni.affinity', 'V1Affinity'],
  ['cni.seccompProfile', 'V1SeccompProfile'],
  ['gateways.istio-egressgateway.podAntiAffinityLabelSelector', 'Array<V1LabelSelector>'],
  ['gateways.istio-egressgateway.podAntiAffinityTermLabelSelector', 'Array<V1LabelSelector>'],
  ['gateways.istio-egressgateway.tolerations', 'Array<V1Toleration>'],
  ['gateways.istio-ingressgateway.podAntiAffinityLabelSelector', 'Array<V1LabelSelector>'],
  ['gateways.istio-ingressgateway.podAntiAffinityTermLabelSelector', 'Array<V1LabelSelector>'],
  ['gateways.istio-ingressgateway.tolerations', 'Array<V1Toleration>'],
  ['global.defaultTolerations', 'Array<V1Toleration>'],
  ['pilot.tolerations', 'Array<V1Toleration>'],
  ['pilot.affinity', 'V1Affinity'],
  ['pilot.seccompProfile', 'V1SeccompProfile'],
  ['pilot.topologySpreadConstraints', 'Array<V1TopologySpreadConstraint>'],
  ['pilot.volumeMounts', 'Array<V1VolumeMount>'],
  ['pilot.volumes', 'Array<V1Volume>'],
  ['global.proxy.seccompProfile', 'V1SeccompProfile'],
  ['global.proxy.lifecycle', 'V1Lifecycle'],
  ['sidecarInjectorWebhook.neverInjectSelector', 'Array<V1LabelSelector>'],
  ['sidecarInjectorWebhook.alwaysInjectSelector', 'Array<V1LabelSelector>'],
  ['global.waypoint.affinity', 'V1Affinity'],
  ['global.waypoint.topologySpreadConstraints', 'Array<V1TopologySpreadConstraint>'],
  ['global.waypoint.nodeSelector', 'V1NodeSelector'],
  ['global.waypoint.toleration', 'Array<V1Toleration>'],
];

export function checkK8sStructs(values: JsonObject | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const [path, type] of STRUCT_PATHS) {
    let cur: JsonValue | undefined = values;
    for (const key of path.split('.')) cur = isJsonObject(cur ?? null) ? (cur as JsonObject)[key] : undefined;
    if (cur !== undefined && cur !== null) checkValue(cur, type, `spec.values.${path}`, errors);
  }
  return errors;
}

function checkValue(v: JsonValue, type: string, path: string, errors: FieldError[]): void {
  if (v === null || type === 'any') return;
  const wrong = (what: string): void => void errors.push({ path, reason: `expected ${what}, got ${describeValue(v)}` });
  const listOf = /^Array<(.+)>$/.exec(type);
  if (listOf) {
    if (!Array.isArray(v)) return wrong('a list');
    v.forEach((item, i) => checkValue(item, listOf[1] as string, `${path}[${i}]`, errors));
    return;
  }
  if (type.startsWith('{ [key: string]')) {
    if (!isJsonObject(v)) return wrong('a mapping');
    for (const [k, item] of Object.entries(v)) if (item !== null && typeof item !== 'string') errors.push({ path: `${path}.${k}`, reason: `expected text, got ${describeValue(item)}` });
    return;
  }
  const fields = TYPES[type];
  if (fields) {
    if (!isJsonObject(v)) return wrong(`a mapping (Kubernetes ${type.replace(/^V\d/, '')})`);
    for (const [k, item] of Object.entries(v)) {
      const fieldType = fields[k];
      if (fieldType === undefined) errors.push({ path: `${path}.${k}`, reason: `unknown field of Kubernetes ${type.replace(/^V\d/, '')}` });
      else checkValue(item, fieldType, `${path}.${k}`, errors);
    }
    return;
  }
  if (type === 'boolean' && typeof v !== 'boolean') return wrong('true or false');
  if ((type === 'number') && typeof v !== 'number') return wrong('a number');
  if ((type === 'string' || type === 'Date' || type === 'IntOrString') && typeof v !== 'string' && typeof v !== 'number') return wrong('text or a number');
}
