import type { ComponentName } from '../api/components.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';

/**
 * Istio's charts label every object that has an `app.kubernetes.io/name` with the full set of Helm's
 * recommended labels (instance, managed-by, part-of, version, helm.sh/chart), on the object and on its pod
 * template alike; tools such as `helm ls`-style inventories and dashboards select on them. One step adds
 * them wherever a template set a name, so no template repeats the set. The base chart's CRDs carry no name
 * label but get the set all the same, as istioctl's base chart labels them.
 */
export function addChartLabels(objects: KubeObject[], component: ComponentName, version: string, helmCharts: Readonly<Record<string, string>>): KubeObject[] {
  const chart = helmCharts[component];
  if (chart === undefined) return objects;
  const standard = {
    'app.kubernetes.io/instance': 'istio',
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': version,
    'helm.sh/chart': `${chart}-${version}`,
  };
  const withStandard = (labels: Record<string, string> | undefined, always = false): Record<string, string> | undefined =>
    labels && (always || labels['app.kubernetes.io/name'] !== undefined) ? { ...labels, ...standard } : labels;
  return objects.map((obj) => {
    const labels = withStandard(obj.metadata.labels, obj.kind === 'CustomResourceDefinition');
    const out: KubeObject = labels ? { ...obj, metadata: { ...obj.metadata, labels } } : obj;
    const spec = (obj as unknown as JsonObject).spec;
    const template = isJsonObject(spec ?? null) ? (spec as JsonObject).template : undefined;
    const meta = isJsonObject(template ?? null) ? (template as JsonObject).metadata : undefined;
    if (!isJsonObject(meta ?? null)) return out;
    const podLabels = withStandard((meta as JsonObject).labels as Record<string, string> | undefined);
    if (!podLabels) return out;
    const newSpec = { ...(spec as JsonObject), template: { ...(template as JsonObject), metadata: { ...(meta as JsonObject), labels: podLabels } } };
    return { ...out, spec: newSpec } as unknown as KubeObject;
  });
}
