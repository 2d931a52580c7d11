import type { ComponentName } from '../api/components.js';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys, MANAGED_VALUE } from '../api/labels.js';

export interface OwnershipInput {
  component: ComponentName;
  /** '' for the default revision. */
  revision: string;
  /** The IstioOperator that owns the objects; absent for a plain `manifest generate`. */
  owner?: { name: string; namespace: string };
  version: string;
}

/**
 * Adds the install-time labels istioctl puts on every object (facts §1.8), so prune and the watches can
 * find what a CR owns. Only `metadata.labels`: selectors and pod-template labels are immutable or
 * select pods, so ownership there would break upgrades and adoption.
 */
export function addOwnershipLabels(objects: KubeObject[], input: OwnershipInput): KubeObject[] {
  const labels: Record<string, string> = {
    [LabelKeys.component]: input.component,
    [LabelKeys.revision]: input.revision === '' ? 'default' : input.revision,
    [LabelKeys.managed]: MANAGED_VALUE,
    [LabelKeys.version]: input.version,
  };
  if (input.owner) {
    labels[LabelKeys.owningResource] = input.owner.name;
    labels[LabelKeys.owningResourceNamespace] = input.owner.namespace;
  }
  return objects.map((obj) => ({
    ...obj,
    metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...labels } },
  }));
}
