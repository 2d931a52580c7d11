import { ComponentNames, type ComponentName } from '../api/components.js';
import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import type { K8sSettings } from '../api/istio-operator.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { cloneJson } from './canonical-json.js';
import { checkDaemonSetSettings, isDaemonSetComponent } from './check-daemonset-settings.js';
import { mergeListByKey, mergeMaps, replaceItem } from './strategic-merge.js';
import type { ComponentPlan } from './types.js';

/** The container the container-level settings apply to; other components use their first container. */
const MAIN_CONTAINER: Partial<Record<ComponentName, string>> = {
  [ComponentNames.pilot]: 'discovery',
  [ComponentNames.ingressGateways]: 'istio-proxy',
  [ComponentNames.egressGateways]: 'istio-proxy',
  [ComponentNames.cni]: 'install-cni',
  [ComponentNames.ztunnel]: 'istio-proxy',
};

const GATEWAYS: readonly ComponentName[] = [ComponentNames.ingressGateways, ComponentNames.egressGateways];

type Edit = (obj: KubeObject) => void;

/**
 * Applies `components.*.k8s` to a component's rendered objects, field by field as istioctl 1.27 does
 * (facts §1.6). Targets are named after the instance; a target that was not rendered (no HPA while
 * autoscaling is off) is skipped. `volumes`/`volumeMounts` are ignored like istioctl 1.27, and
 * `overlays` are a separate step (apply-overlays.ts).
 */
export function applyK8sSettings(objects: KubeObject[], plan: ComponentPlan, where = k8sSettingsPath(plan)): Result<KubeObject[]> {
  const k8s = plan.k8s;
  if (!k8s) return ok(objects);
  const errors = checkSettings(k8s, where);
  if (isDaemonSetComponent(plan.component)) errors.push(...checkDaemonSetSettings(k8s, where, plan.component));
  if (errors.length > 0) return fail(errors);

  const name = resolveTargetName(plan);
  // The replica count belongs to a rendered HPA (rule: never own a field another controller writes);
  // istioctl writes it anyway. The render warning says so in status.
  const hpaOwnsReplicas = objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name);
  const edits: [kind: string, edit: Edit | undefined][] = [
    [isDaemonSetComponent(plan.component) ? 'DaemonSet' : 'Deployment', buildWorkloadEdit(k8s, MAIN_CONTAINER[plan.component], hpaOwnsReplicas)],
    ['Service', buildServiceEdit(k8s, GATEWAYS.includes(plan.component))],
    ['HorizontalPodAutoscaler', k8s.hpaSpec && buildSpecEdit(k8s.hpaSpec)],
    ['PodDisruptionBudget', k8s.podDisruptionBudget && buildSpecEdit(k8s.podDisruptionBudget, dropMinAvailableIfBoth)],
  ];
  return ok(
    objects.map((obj) => {
      const edit = edits.find(([kind, e]) => e && kind === obj.kind && obj.metadata.name === name)?.[1];
      if (!edit) return obj;
      const copy = cloneJson(obj);
      edit(copy);
      return copy;
    }),
  );
}

/** Pilot objects carry the revision suffix (`istiod-canary`); everything else is named after the instance. */
export function resolveTargetName(plan: ComponentPlan): string {
  const revision = typeof plan.values.revision === 'string' ? plan.values.revision : '';
  const suffixed = plan.component === ComponentNames.pilot && revision !== '' && !plan.instance.endsWith(`-${revision}`);
  return suffixed ? `${plan.instance}-${revision}` : plan.instance;
}

/** Where a component's `k8s` block lives in the IstioOperator, for error messages. */
export function k8sSettingsPath(plan: ComponentPlan): string {
  switch (plan.component) {
    case ComponentNames.base:
      return 'spec.components.base.k8s';
    case ComponentNames.pilot:
      return 'spec.components.pilot.k8s';
    case ComponentNames.ingressGateways:
      return `spec.components.ingressGateways[name=${plan.instance}].k8s`;
    case ComponentNames.egressGateways:
      return `spec.components.egressGateways[name=${plan.instance}].k8s`;
    case ComponentNames.cni:
      return 'spec.components.cni.k8s';
    case ComponentNames.ztunnel:
      return 'spec.components.ztunnel.k8s';
    default:
      return `spec.addonComponents.${plan.instance}.k8s`;
  }
}

function buildWorkloadEdit(k8s: K8sSettings, mainName: string | undefined, hpaOwnsReplicas: boolean): Edit {
  return (obj) => {
    const spec = mapAt(obj, 'spec');
    const template = mapAt(spec, 'template');
    const pod = mapAt(template, 'spec');
    if (k8s.replicaCount !== undefined && !hpaOwnsReplicas) spec.replicas = k8s.replicaCount;
    if (k8s.strategy) spec.strategy = k8s.strategy;
    if (k8s.podAnnotations) {
      const meta = mapAt(template, 'metadata');
      meta.annotations = { ...mapAt(meta, 'annotations'), ...k8s.podAnnotations };
    }
    // A strategic merge patch, as istioctl applies them: maps (securityContext, affinity, nodeSelector)
    // merge into the chart's, so adding sysctls keeps runAsUser/runAsNonRoot and the node agents keep their
    // kubernetes.io/os selector; lists and scalars replace.
    for (const field of ['affinity', 'nodeSelector', 'securityContext'] as const) {
      const value = k8s[field];
      if (value !== undefined) pod[field] = mergeMaps(mapAt(pod, field), value as JsonObject);
    }
    for (const field of ['tolerations', 'priorityClassName'] as const) {
      const value = k8s[field];
      if (value !== undefined) pod[field] = value;
    }
    const containers = Array.isArray(pod.containers) ? pod.containers : [];
    const named = containers.find((c) => isJsonObject(c) && c.name === mainName);
    const main = named ?? containers[0];
    if (isJsonObject(main)) editContainer(main, k8s);
  };
}

function editContainer(container: JsonObject, k8s: K8sSettings): void {
  // Strategic-merge order (the user's variables first); but a variable the chart also sets is replaced, not
  // merged: merging `value` into a chart `valueFrom` (as istioctl's patch does) gives a variable with both,
  // which the apiserver refuses.
  if (k8s.env) container.env = mergeListByKey(listAt(container, 'env'), k8s.env, 'name', replaceItem);
  if (k8s.resources) container.resources = mergeMaps(mapAt(container, 'resources'), k8s.resources);
  if (k8s.imagePullPolicy !== undefined) container.imagePullPolicy = k8s.imagePullPolicy;
  // Merged like a strategic merge patch: a new httpGet path keeps the chart's port and scheme.
  if (k8s.readinessProbe) container.readinessProbe = mergeMaps(mapAt(container, 'readinessProbe'), k8s.readinessProbe);
}

function buildServiceEdit(k8s: K8sSettings, isGateway: boolean): Edit | undefined {
  if (!k8s.service && !k8s.serviceAnnotations) return undefined;
  return (obj) => {
    if (k8s.serviceAnnotations) obj.metadata.annotations = { ...obj.metadata.annotations, ...k8s.serviceAnnotations };
    if (!k8s.service) return;
    // Gateway ports were already handed to the chart as values, so the chart's rendering of them stands.
    const { ports, ...rest } = k8s.service;
    const spec = mergeMaps(mapAt(obj, 'spec'), rest);
    if (Array.isArray(ports) && !isGateway) spec.ports = mergeListByKey(listAt(spec, 'ports'), ports, 'port');
    obj.spec = spec;
  };
}

/** Maps merge, lists (an HPA's `metrics`) replace, min/max scalars override. */
function buildSpecEdit(patch: JsonObject, fix: (spec: JsonObject) => void = () => {}): Edit {
  return (obj) => {
    const spec = mergeMaps(mapAt(obj, 'spec'), patch);
    fix(spec);
    obj.spec = spec;
  };
}

/** The API rejects a PDB with both; istioctl keeps maxUnavailable. */
function dropMinAvailableIfBoth(spec: JsonObject): void {
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) delete spec.minAvailable;
}

/** The map under `key`, created (on the copy being edited) when absent. */
function mapAt(parent: JsonObject | KubeObject, key: string): JsonObject {
  const current = (parent as JsonObject)[key];
  if (isJsonObject(current)) return current;
  const created: JsonObject = {};
  (parent as JsonObject)[key] = created;
  return created;
}

function listAt(parent: JsonObject, key: string): JsonValue[] {
  const current = parent[key];
  return Array.isArray(current) ? current : [];
}

const SHAPES: Record<string, 'map' | 'list' | 'string' | 'count'> = {
  affinity: 'map', env: 'list', hpaSpec: 'map', imagePullPolicy: 'string', nodeSelector: 'map',
  podDisruptionBudget: 'map', podAnnotations: 'map', priorityClassName: 'string', readinessProbe: 'map',
  replicaCount: 'count', resources: 'map', service: 'map', strategy: 'map', tolerations: 'list',
  serviceAnnotations: 'map', securityContext: 'map',
};

/** Schema validation normally catches these; checked again so a bad value never half-patches an object. */
function checkSettings(k8s: K8sSettings, where: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, shape] of Object.entries(SHAPES)) {
    const value = (k8s as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const good =
      shape === 'map' ? isJsonObject(value as JsonValue) :
      shape === 'list' ? Array.isArray(value) :
      shape === 'string' ? typeof value === 'string' :
      Number.isInteger(value) && (value as number) >= 0;
    const expected = { map: 'a mapping', list: 'a list', string: 'a string', count: 'a non-negative integer' }[shape];
    if (!good) errors.push({ path: `${where}.${field}`, reason: `must be ${expected}` });
  }
  (Array.isArray(k8s.env) ? k8s.env : []).forEach((item, i) => {
    if (!isJsonObject(item) || typeof item.name !== 'string' || item.name === '') {
      errors.push({ path: `${where}.env[${i}]`, reason: 'must be a mapping with a non-empty name' });
    }
  });
  return errors;
}
