import type { K8sSettings } from '../api/istio-operator.js';
import type { JsonObject, JsonValue } from '../api/json.js';

/**
 * Where the pack says so (renderer.k8sSettingsInValues: 1.28, 1.31), istioctl copies a few `components.*.k8s` settings into the chart values before rendering, so
 * that the charts' guards see them (the PodDisruptionBudget needs more than one replica; ztunnel's CPU
 * variables need CPU resources). For a Deployment component (istiod, gateways): `hpaSpec.minReplicas` ->
 * `autoscaleMin`, `hpaSpec.maxReplicas` (when > 0) -> `autoscaleMax`, `replicaCount` (when > 0) ->
 * `replicaCount`. With `cpu` (renderer.k8sCpuInValues: 1.31, not 1.28), for every component: the CPU of
 * `resources.limits` / `resources.requests` (when not zero), as a canonical quantity, ->
 * `resources.limits.cpu` / `resources.requests.cpu`. The k8s patches still apply after rendering. Returns
 * the values to lay over the component's values root ({} for none).
 */
export function k8sSettingsAsValues(k8s: K8sSettings | undefined, deployment: boolean, cpu: boolean): JsonObject {
  if (k8s === undefined) return {};
  const out: JsonObject = {};
  if (deployment) {
    const hpa = k8s.hpaSpec;
    if (hpa && typeof hpa.minReplicas === 'number') out.autoscaleMin = hpa.minReplicas;
    if (hpa && typeof hpa.maxReplicas === 'number' && hpa.maxReplicas > 0) out.autoscaleMax = hpa.maxReplicas;
    if (typeof k8s.replicaCount === 'number' && k8s.replicaCount > 0) out.replicaCount = k8s.replicaCount;
  }
  const resources = k8s.resources;
  if (cpu && resources) {
    const cpus: JsonObject = {};
    for (const key of ['limits', 'requests'] as const) {
      const cpu = canonicalCpu((resources[key] as JsonObject | undefined)?.cpu);
      if (cpu !== undefined) cpus[key] = { cpu };
    }
    if (Object.keys(cpus).length > 0) out.resources = cpus;
  }
  return out;
}

/**
 * A CPU quantity as Kubernetes prints it (resource.Quantity.String()): whole cores as an integer, anything
 * finer in millicores (`0.5` -> `500m`, `2000m` -> `2`). Undefined for zero or an unreadable quantity.
 */
function canonicalCpu(q: JsonValue | undefined): string | undefined {
  let millis: number;
  if (typeof q === 'number') millis = q * 1000;
  else if (typeof q === 'string' && /^[0-9]+(\.[0-9]+)?m$/.test(q)) millis = Number(q.slice(0, -1));
  else if (typeof q === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(q)) millis = Number(q) * 1000;
  else return undefined;
  millis = Math.ceil(Math.round(millis * 1000) / 1000);
  if (millis === 0) return undefined;
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}
