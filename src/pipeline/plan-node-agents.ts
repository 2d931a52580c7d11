import { ComponentNames } from '../api/components.js';
import type { FieldError } from '../api/errors.js';
import type { ComponentsSpec } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { hubTag, type PlanRequest } from './plan-components.js';
import { childOf } from './translate-values.js';

/**
 * The node agents of ambient mode and CNI chaining, both off unless listed (istioctl's rule: a listed
 * component is on unless `enabled: false`). CNI's objects are named after its DaemonSet istio-cni-node;
 * ztunnel's after values.ztunnel.resourceName, and its chart reads values.ztunnel at the top level.
 */
export function planNodeAgents(components: ComponentsSpec, values: JsonObject): PlanRequest[] {
  const requests: PlanRequest[] = [];
  const { cni, ztunnel } = components;
  if (isPresentAndOn(cni)) {
    requests.push({
      path: 'spec.components.cni', component: ComponentNames.cni, instance: 'istio-cni-node', chart: 'istio-cni',
      namespace: cni.namespace, k8s: cni.k8s, overrides: { cni: hubTag(cni) }, valuesRoot: ['cni'],
    });
  }
  if (isPresentAndOn(ztunnel)) {
    const resourceName = childOf(values, 'ztunnel').resourceName;
    requests.push({
      path: 'spec.components.ztunnel', component: ComponentNames.ztunnel,
      instance: typeof resourceName === 'string' && resourceName !== '' ? resourceName : 'ztunnel',
      chart: 'ztunnel', namespace: ztunnel.namespace, k8s: ztunnel.k8s, overrides: { ztunnel: hubTag(ztunnel) }, flattenRoot: 'ztunnel',
      valuesRoot: ['ztunnel'],
    });
  }
  return requests;
}

/** Components a spec may name but nothing renders: refused, since a silent no-op would hide it. */
export function checkUnrenderable(components: ComponentsSpec): FieldError[] {
  if (!isPresentAndOn(components.istiodRemote)) return [];
  // istioctl 1.27 accepts and ignores it.
  return [{
    path: 'spec.components.istiodRemote',
    reason: 'is not a component in Istio 1.27 and renders nothing: for a cluster whose istiod runs elsewhere use profile: remote (or values.istiodRemote.enabled: true)',
  }];
}

function isPresentAndOn<T extends { enabled?: boolean }>(spec: T | undefined | null): spec is T {
  return spec !== undefined && spec !== null && spec.enabled !== false;
}
