/**
 * Label, annotation and finalizer keys. The ownership keys are Istio's own, so that istioctl and
 * other tooling recognise what we install.
 */
export const LabelKeys = {
  owningResource: 'install.operator.istio.io/owning-resource',
  owningResourceNamespace: 'install.operator.istio.io/owning-resource-namespace',
  component: 'operator.istio.io/component',
  revision: 'istio.io/rev',
  managed: 'operator.istio.io/managed',
  version: 'operator.istio.io/version',
  /** Objects carrying this label with value "true" are never pruned. */
  notPruned: 'install.operator.istio.io/owning-resource-not-pruned',
  /** Set on a namespace the operator created, so deletion can remove it only if it is ours. */
  createdNamespace: 'install.operator.istio.io/created-namespace',
} as const;

export const AnnotationKeys = {
  /** `orphan` on an IstioOperator: deleting the CR leaves the installation in place. */
  deletionPolicy: 'install.operator.istio.io/deletion-policy',
  /**
   * `"true"` on an IstioOperator: take over existing objects with the names it renders that carry no
   * owner labels. Without it such an object is a Conflict (Stalled), never silently adopted.
   */
  adopt: 'install.operator.istio.io/adopt',
} as const;

export const DeletionPolicies = { delete: 'delete', orphan: 'orphan' } as const;

export const FINALIZER = 'install.operator.istio.io/finalizer';
export const FIELD_MANAGER = 'istio-operator';
export const MANAGED_VALUE = 'Reconcile';
