import { ComponentNames, type ComponentName } from '../api/components.js';
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
 *
 * Base objects (the Istio CRDs and the reader ServiceAccount) are cluster infrastructure that every
 * IstioOperator renders identically, whatever its revision: they get no owner and no revision label, so
 * installations never relabel them in turn (a write per reconcile) or refuse each other over them, and
 * prune and the finalizer, which act only on owner-labelled objects, never delete them.
 */
export function addOwnershipLabels(objects: KubeObject[], input: OwnershipInput): KubeObject[] {
  const shared = input.component === ComponentNames.base;
  const labels: Record<string, string> = {
    [LabelKeys.component]: input.component,
    ...(shared ? {} : { [LabelKeys.revision]: input.revision === '' ? 'default' : input.revision }),
    [LabelKeys.managed]: MANAGED_VALUE,
    [LabelKeys.version]: input.version,
  };
  if (input.owner && !shared) {
    labels[LabelKeys.owningResource] = input.owner.name;
    labels[LabelKeys.owningResourceNamespace] = input.owner.namespace;
  }
  return objects.map((obj) => ({
    ...obj,
    metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...labels } },
  }));
}
