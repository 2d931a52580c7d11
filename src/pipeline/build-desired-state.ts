import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { addChartLabels } from './add-chart-labels.js';
import { addOwnershipLabels } from './add-ownership.js';
import { applyK8sSettings, k8sSettingsPath } from './apply-k8s-settings.js';
import { applyOverlays } from './apply-overlays.js';
import { attachCrdSpecs } from './attach-crd-specs.js';
import { checkInputTree } from './check-input-tree.js';
import { sortKeysDeep } from './canonical-json.js';
import { SPEC_TREE_LIMITS } from './input-limits.js';
import { resolveGatewayListMerge } from './merge-gateways-by-name.js';
import { mergeLayers } from './merge-layers.js';
import { orderObjects } from './order-objects.js';
import { planComponents } from './plan-components.js';
import { checkProtectedFieldsKept } from './protected-fields.js';
import { renderChart, type ChartContext } from './render-chart.js';
import { resolveProfile } from './resolve-profile.js';
import { applySetFlags } from './set-path.js';
import type { AssetSet, ComponentPlan, DesiredState, RenderRequest, RenderedComponent } from './types.js';
import { validateDocument, validateSpec } from './validate-spec.js';
import { layerSpec } from './value-layers.js';

/**
 * The whole pure pipeline: IstioOperator documents and `--set` flags in, ordered Kubernetes objects out.
 * Serves the CLI, the reconciler and the golden tests alike. Any error stops it before anything is
 * returned, so a caller never acts on a partial render (an empty desired set must not mean "prune all").
 */
export function buildDesiredState(request: RenderRequest, assets: AssetSet): Result<DesiredState> {
  const user = buildUserSpec(request);
  if (!user.ok) return user;

  const listMerge = resolveGatewayListMerge(request.documents, request.gatewayListMerge);
  if (!listMerge.ok) return listMerge;
  const profileName = typeof user.value.profile === 'string' ? user.value.profile : undefined;
  // An unknown profile still gets the user's spec validated, so every problem is reported at once.
  const profile = resolveProfile(assets.profiles, profileName);
  const profileSpec = profile.ok ? profile.value : {};
  const forced: { warnings: string[]; values?: JsonObject } | undefined = request.force ? { warnings: [] } : undefined;
  const spec = validateSpec(layerSpec(profileSpec, user.value, listMerge.value), assets.specRules, forced);
  if (!profile.ok || !spec.ok) return fail([...(profile.ok ? [] : profile.errors), ...(spec.ok ? [] : spec.errors)]);

  const planned = planComponents(spec.value, assets.charts, { hub: assets.pack.hub, tag: assets.pack.version, k8sSettingsInValues: assets.renderer.k8sSettingsInValues, k8sCpuInValues: assets.renderer.k8sCpuInValues }, forced?.values);
  if (!planned.ok) return planned;
  const { plans, revision, istioNamespace, warnings } = planned.value;

  const components: RenderedComponent[] = [];
  const errors: FieldError[] = [];
  for (const plan of plans) {
    const rendered = renderPlan(plan, assets, revision, request.owner);
    if (rendered.ok) components.push(rendered.value);
    else errors.push(...rendered.errors);
  }
  if (errors.length > 0) return fail(errors);

  const objects = orderObjects(components.flatMap((c) => c.objects));
  return ok({ istioVersion: assets.pack.version, spec: spec.value, revision, istioNamespace, components, objects, gatewayListMerge: listMerge.value, warnings: [...(forced?.warnings ?? []), ...warnings] });
}

/** Layer 2 (value-layers.ts): the user's documents merged in order, then `--set` applied. */
export function buildUserSpec(request: RenderRequest): Result<JsonObject> {
  const errors: FieldError[] = [];
  let spec: JsonObject = {};
  request.documents.forEach((doc, index) => {
    const checked = validateDocument(doc);
    if (!checked.ok) {
      const where = request.documents.length > 1 ? `document ${index + 1}: ` : '';
      errors.push(...checked.errors.map((e) => ({ ...e, path: `${where}${e.path}` })));
    } else {
      const docSpec = checked.value.spec;
      spec = mergeLayers(spec, isJsonObject(docSpec ?? null) ? (docSpec as JsonObject) : {});
    }
  });
  if (errors.length > 0) return fail(errors);
  if (request.setFlags.length === 0) return ok(spec);
  const withFlags = applySetFlags(spec, request.setFlags);
  if (!withFlags.ok) return withFlags;
  const unsafe = checkInputTree(withFlags.value, 'spec', SPEC_TREE_LIMITS);
  return unsafe.length > 0 ? fail(unsafe) : withFlags;
}

function renderPlan(
  plan: ComponentPlan,
  assets: AssetSet,
  revision: string,
  owner: RenderRequest['owner'],
): Result<RenderedComponent> {
  const chart = assets.charts.get(plan.chart);
  if (!chart) return fail([{ path: k8sSettingsPath(plan), reason: `chart ${plan.chart} is not installed` }]);
  // Sorted keys: templates iterate maps (env, labels, annotations) in key order, as Helm does, so the
  // output never depends on the order keys were written in.
  const context: ChartContext = {
    Values: sortKeysDeep(plan.values) as JsonObject,
    Release: { Name: 'istio', Namespace: plan.namespace },
    // The pack's release, for the version labels: templates a patch release does not change stay shared.
    IstioVersion: assets.pack.version,
    ...(plan.context ? (sortKeysDeep(plan.context as JsonObject) as JsonObject) : {}),
  };
  // A getter: only a chart that reads the CRD list (base) pays for loading it.
  Object.defineProperty(context, 'IstioCRDs', { enumerable: true, get: () => istioCrdNames(assets) });
  const rendered = renderChart(chart, context);
  if (!rendered.ok) return rendered;
  const complete = attachCrdSpecs(rendered.value, () => assets.istioCrds(), k8sSettingsPath(plan));
  if (!complete.ok) return complete;
  const labelled = addChartLabels(complete.value, plan.component, assets.pack.version, assets.renderer.helmCharts);
  const patched = applyK8sSettings(labelled, plan);
  if (!patched.ok) return patched;
  const overlaid = applyOverlays(patched.value, plan.k8s?.overlays ?? [], k8sSettingsPath(plan));
  if (!overlaid.ok) return overlaid;
  const changed = checkProtectedFieldsKept(labelled, overlaid.value, k8sSettingsPath(plan));
  if (changed.length > 0) return fail(changed);
  const objects: KubeObject[] = addOwnershipLabels(overlaid.value, {
    component: plan.component,
    revision,
    ...(owner ? { owner } : {}),
    version: assets.pack.version,
  });
  return ok({ component: plan.component, instance: plan.instance, namespace: plan.namespace, objects });
}

/** What a chart may know of the upstream CRDs: names and annotations (the specs are attached after rendering). */
function istioCrdNames(assets: AssetSet): { name: string; annotations: Record<string, string> }[] {
  return assets.istioCrds().map((c) => ({ name: c.name, annotations: c.annotations }));
}
