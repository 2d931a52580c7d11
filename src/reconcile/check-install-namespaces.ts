import type { FieldError } from '../api/errors.js';
import { ComponentNames, type ComponentName } from '../api/components.js';
import type { IstioOperatorSpec } from '../api/istio-operator.js';
import type { DesiredState, RenderedComponent } from '../pipeline/types.js';
import type { OwnerKey } from './ports.js';

/** In the allowed list: every namespace. */
export const ANY_NAMESPACE = '*';

const ISTIO_NAMESPACE_PATH = 'spec.values.global.istioNamespace';

/**
 * The administrator's limit on where an IstioOperator may put objects: the namespaces in `allowed`
 * plus the IstioOperator's own. Without it, anyone who may edit an IstioOperator could have the
 * operator write Deployments, Roles or ConfigMaps into any namespace. One error per field that
 * chose a refused namespace; cluster-scoped objects pass (the charts decide which exist).
 */
export function checkInstallNamespaces(desired: DesiredState, owner: OwnerKey, allowed: readonly string[]): FieldError[] {
  if (allowed.includes(ANY_NAMESPACE)) return [];
  const permitted = new Set([...allowed, owner.namespace]);
  const refused = new Map<string, string>();
  for (const component of desired.components) {
    for (const obj of component.objects) {
      const namespace = obj.metadata.namespace;
      if (namespace === undefined || permitted.has(namespace)) continue;
      const path = namespace === component.namespace ? namespaceField(desired.spec, component) : componentPath(desired.spec, component);
      const what = namespace === component.namespace ? `namespace "${namespace}"` : `${obj.kind} ${obj.metadata.name} in namespace "${namespace}"`;
      if (!refused.has(path)) refused.set(path, what);
    }
  }
  const list = [...new Set(allowed)].sort().map((n) => `"${n}"`);
  const allowedText = `${list.length > 0 ? `${list.join(', ')} and ` : ''}the IstioOperator's own namespace "${owner.namespace}"`;
  return [...refused].map(([path, what]) => ({ path, reason: `installs ${what}, which this operator may not install into (allowed: ${allowedText})` }));
}

/** The field that chose the component's namespace: its own `namespace` when set, else the Istio namespace. */
function namespaceField(spec: IstioOperatorSpec, component: RenderedComponent): string {
  const path = componentPath(spec, component);
  return path !== ISTIO_NAMESPACE_PATH && explicitNamespace(spec, component) === component.namespace ? `${path}.namespace` : ISTIO_NAMESPACE_PATH;
}

const COMPONENT_KEYS: Partial<Record<ComponentName, 'pilot' | 'cni' | 'ztunnel'>> = { [ComponentNames.pilot]: 'pilot', [ComponentNames.cni]: 'cni', [ComponentNames.ztunnel]: 'ztunnel' };
const ADDON_KEYS: Partial<Record<ComponentName, 'prometheus' | 'grafana' | 'kiali' | 'jaeger'>> = {
  [ComponentNames.prometheus]: 'prometheus', [ComponentNames.grafana]: 'grafana', [ComponentNames.kiali]: 'kiali', [ComponentNames.jaeger]: 'jaeger',
};

/** Where the component is configured in the spec (Base has no namespace of its own). */
function componentPath(spec: IstioOperatorSpec, component: RenderedComponent): string {
  const key = COMPONENT_KEYS[component.component];
  if (key) return `spec.components.${key}`;
  const addon = ADDON_KEYS[component.component];
  if (addon) return `spec.addonComponents.${addon}`;
  const gateways = gatewayKey(component.component);
  if (gateways) {
    const index = (spec.components?.[gateways] ?? []).findIndex((g) => g.name === component.instance);
    return index >= 0 ? `spec.components.${gateways}[${index}]` : ISTIO_NAMESPACE_PATH;
  }
  return ISTIO_NAMESPACE_PATH;
}

function explicitNamespace(spec: IstioOperatorSpec, component: RenderedComponent): string | undefined {
  const key = COMPONENT_KEYS[component.component];
  if (key) return spec.components?.[key]?.namespace;
  const addon = ADDON_KEYS[component.component];
  if (addon) return spec.addonComponents?.[addon]?.namespace;
  const gateways = gatewayKey(component.component);
  return gateways ? spec.components?.[gateways]?.find((g) => g.name === component.instance)?.namespace : undefined;
}

function gatewayKey(component: ComponentName): 'ingressGateways' | 'egressGateways' | undefined {
  if (component === ComponentNames.ingressGateways) return 'ingressGateways';
  return component === ComponentNames.egressGateways ? 'egressGateways' : undefined;
}
