import { ADDON_KEYS, ComponentNames, type ComponentName } from '../api/components.js';
import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import type { GatewaySpec, IstioOperatorSpec, K8sSettings } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { k8sSettingsAsValues } from './k8s-values.js';
import { checkUnrenderable, planNodeAgents } from './plan-node-agents.js';
import { buildPublishedValues } from './published-values.js';
import { childOf, tagText, type ImageDefaults } from './translate-values.js';
import type { CompiledChart, ComponentPlan } from './types.js';
import { componentLayers, layerChartValues, layerSharedValues, type ComponentValues } from './value-layers.js';

export interface ComponentPlanSet {
  plans: ComponentPlan[];
  /** '' for the default revision. */
  revision: string;
  istioNamespace: string;
  warnings: string[];
}

export const GATEWAY_KINDS = [
  { key: 'ingressGateways', root: 'istio-ingressgateway', kind: 'ingress', component: ComponentNames.ingressGateways },
  { key: 'egressGateways', root: 'istio-egressgateway', kind: 'egress', component: ComponentNames.egressGateways },
] as const;

/** What the pack decides for planning: default images and whether k8s settings reach the values. */
export interface PlanSettings extends ImageDefaults {
  k8sSettingsInValues: boolean;
  /** With k8sSettingsInValues: the CPU of k8s.resources too. */
  k8sCpuInValues: boolean;
}

export interface PlanRequest {
  path: string;
  component: ComponentName;
  instance: string;
  chart: string;
  namespace: string | undefined;
  /** Component-specific values laid over the shared ones. */
  overrides?: JsonObject;
  k8s: K8sSettings | undefined;
  gateway?: (typeof GATEWAY_KINDS)[number];
  /** The chart reads this values root at its top level (ztunnel). */
  flattenRoot?: string;
  /** Where the component's settings live in the values (`pilot`, `gateways.<root>`, `cni`, `ztunnel`). */
  valuesRoot?: string[];
  /** The component is a Deployment (istiod, gateways): its k8s replica settings reach the values too. */
  deployment?: boolean;
}

/**
 * Decides which component instances a validated spec enables (facts §1.2) and gives each its chart values
 * (layered as value-layers.ts states), namespace and template context. Plans
 * come out in a fixed order: Base, Pilot, ingress gateways, egress gateways, CNI, ztunnel, then the addons.
 * `forcedValues`: unknown `spec.values` keys that --force let through, for the istiod chart's values copies only.
 */
export function planComponents(
  spec: IstioOperatorSpec,
  charts: ReadonlyMap<string, CompiledChart>,
  settings: PlanSettings,
  forcedValues: JsonObject = {},
): Result<ComponentPlanSet> {
  const values = layerSharedValues(spec, settings);
  const istioNamespace = childOf(values, 'global').istioNamespace as string;
  const revision = values.revision as string;
  const components = spec.components ?? {};
  const requests: PlanRequest[] = [];
  if (components.base?.enabled !== false) {
    requests.push({ path: 'spec.components.base', component: ComponentNames.base, instance: 'base', chart: 'base', namespace: undefined, k8s: components.base?.k8s });
  }
  const pilot = components.pilot;
  if (pilot?.enabled !== false) {
    requests.push({
      path: 'spec.components.pilot', component: ComponentNames.pilot, instance: revision ? `istiod-${revision}` : 'istiod',
      chart: 'istio-discovery', namespace: pilot?.namespace, k8s: pilot?.k8s, overrides: { pilot: hubTag(pilot) },
      valuesRoot: ['pilot'], deployment: true,
    });
  }
  for (const gateway of GATEWAY_KINDS) {
    for (const { entry, path } of enabledGateways(components[gateway.key], values, gateway)) {
      const overrides = { name: entry.name ?? '', labels: entry.label ?? {}, ...hubTag(entry), ...portsOf(entry) };
      requests.push({
        path, component: gateway.component, instance: entry.name ?? '', chart: 'gateways', namespace: entry.namespace,
        k8s: entry.k8s, overrides: { gateways: { [gateway.root]: overrides } }, gateway,
        valuesRoot: ['gateways', gateway.root], deployment: true,
      });
    }
  }
  requests.push(...planNodeAgents(components, values));
  for (const key of ADDON_KEYS) {
    const addon = spec.addonComponents?.[key];
    if (addon?.enabled !== true) continue;
    requests.push({ path: `spec.addonComponents.${key}`, component: ComponentNames[key], instance: key, chart: key, namespace: addon.namespace, k8s: addon.k8s });
  }

  const errors: FieldError[] = [];
  errors.push(...checkUnrenderable(components));
  const plans: ComponentPlan[] = [];
  for (const request of requests) {
    const chart = charts.get(request.chart);
    if (chart === undefined) {
      errors.push({ path: request.path, reason: `chart "${request.chart}" for component ${request.component} is not available` });
      continue;
    }
    plans.push(buildPlan(request, chart, values, istioNamespace, forcedValues, settings));
  }
  if (errors.length > 0) return fail(errors);
  return ok({ plans, revision, istioNamespace, warnings: computeWarnings(spec, values) });
}

function buildPlan(request: PlanRequest, chart: CompiledChart, values: JsonObject, istioNamespace: string, forced: JsonObject, settings: PlanSettings): ComponentPlan {
  const component: ComponentValues = {
    own: request.overrides ?? {},
    copiedK8s: settings.k8sSettingsInValues ? copiedK8sValues(request, settings.k8sCpuInValues) : {},
    ...(request.flattenRoot ? { flattenRoot: request.flattenRoot } : {}),
  };
  const merged = layerChartValues(chart, values, component);
  const plan: ComponentPlan = {
    component: request.component,
    instance: request.instance,
    chart: request.chart,
    namespace: request.namespace || istioNamespace,
    values: merged,
    ...(request.k8s ? { k8s: request.k8s } : {}),
  };
  if (request.component === ComponentNames.pilot) plan.context = { Published: { ...buildPublishedValues(chart, values, componentLayers(component), forced) } };
  if (request.gateway) {
    plan.context = {
      Gateway: childOf(childOf(merged, 'gateways'), request.gateway.root),
      GatewayKind: request.gateway.kind,
      GatewayComponent: request.gateway.component,
    };
  }
  return plan;
}

/** The k8s settings istioctl copies into the values (k8s-values.ts), nested under the component's values root. */
function copiedK8sValues(request: PlanRequest, cpu: boolean): JsonObject {
  const copied = request.valuesRoot ? k8sSettingsAsValues(request.k8s, request.deployment === true, cpu) : {};
  if (!request.valuesRoot || Object.keys(copied).length === 0) return {};
  return request.valuesRoot.reduceRight<JsonObject>((inner, key) => ({ [key]: inner }), copied);
}

/**
 * Entries not switched off, in list order. `values.gateways.<root>.enabled: true` can only switch a gateway
 * on: it adds an entry named after the root when no entry of that kind is enabled.
 */
function enabledGateways(
  entries: GatewaySpec[] | undefined,
  values: JsonObject,
  gateway: (typeof GATEWAY_KINDS)[number],
): { entry: GatewaySpec; path: string }[] {
  const listPath = `spec.components.${gateway.key}`;
  const enabled = (entries ?? [])
    .map((entry, i) => ({ entry, path: `${listPath}[${i}]` }))
    .filter(({ entry }) => entry !== null && typeof entry === 'object' && entry.enabled !== false);
  if (enabled.length === 0 && childOf(childOf(values, 'gateways'), gateway.root).enabled === true) {
    return [{ entry: { name: gateway.root }, path: `spec.values.gateways.${gateway.root}.enabled` }];
  }
  return enabled;
}

export function hubTag(spec: { hub?: string; tag?: string | number } | undefined): JsonObject {
  const tag = tagText(spec?.tag);
  return { ...(spec?.hub ? { hub: spec.hub } : {}), ...(tag !== undefined ? { tag } : {}) };
}

/** Service ports set through `k8s.service.ports` reach the chart as values (the Service patch drops them). */
function portsOf(entry: GatewaySpec): JsonObject {
  const ports = entry.k8s?.service?.ports;
  return Array.isArray(ports) ? { ports } : {};
}

function computeWarnings(spec: IstioOperatorSpec, values: JsonObject): string[] {
  const warnings: string[] = [];
  const replicas = spec.components?.pilot?.k8s?.replicaCount;
  if (childOf(values, 'pilot').autoscaleEnabled === true && replicas !== undefined && replicas > 1) {
    warnings.push('components.pilot.k8s.replicaCount has no lasting effect while values.pilot.autoscaleEnabled is true: the autoscaler owns the replica count');
  }
  for (const gateway of GATEWAY_KINDS) {
    if (childOf(childOf(values, 'gateways'), gateway.root).autoscaleEnabled !== true) continue;
    for (const entry of spec.components?.[gateway.key] ?? []) {
      if (entry?.k8s?.replicaCount === undefined || entry.enabled === false) continue;
      warnings.push(
        `components.${gateway.key}[name=${entry.name ?? ''}].k8s.replicaCount has no lasting effect while ` +
          `values.gateways.${gateway.root}.autoscaleEnabled is true: the autoscaler owns the replica count`,
      );
    }
  }
  return warnings;
}
