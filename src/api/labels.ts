/**
 * Label, annotation and finalizer keys. The ownership keys are Istio's own, so that istioctl and
 * other tooling recognise what we install.
 */
export const LabelKeys = {
  owningResource: 'install.operator.istio.io/owning-resource',
  owningResourceNamespace: 'install.operator.istio.io/owning-resource-namespace',
  component: 'operator.istio.io/component',
  revision: 'istio.io/rev',
  /** On a revision tag's webhook configuration and Service: the tag. */
  revisionTag: 'istio.io/tag',
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
   * `"true"` on an IstioOperator being deleted: remove its installation although workloads still use its
   * revision (pods it injected, namespaces that select it). Without it the deletion waits for them to move.
   */
  forceRemoval: 'install.operator.istio.io/force-removal',
  /**
   * `"true"` on an IstioOperator: take over the existing objects with names it renders that another
   * installer made (istioctl, Istio's old in-cluster operator, Helm, a person). Honoured only in the
   * namespaces the operator's administrator allows; otherwise such objects stall the IstioOperator
   * with a takeover plan and nothing is written.
   */
  adopt: 'install.operator.istio.io/adopt',
  /**
   * `X.Y.Z` on an IstioOperator: the Istio release to install, for a tag that names none (a digest, a
   * private build). When the tag names a release too, the two must agree.
   */
  istioVersion: 'install.operator.istio.io/istio-version',
  /** `"true"`: an in-place version change that upstream's upgrade policy does not allow goes ahead anyway. */
  allowVersionSkip: 'install.operator.istio.io/allow-version-skip',
  /**
   * `by-name` or `replace`: how `components.ingressGateways`/`egressGateways` combine with the
   * profile's. `by-name` is what Istio 1.23 and older did; without the annotation it is kept for an
   * IstioOperator that such an installer reconciled, `replace` (1.24 and newer) otherwise.
   */
  gatewayListMerge: 'install.operator.istio.io/gateway-list-merge',
  /** Istio's old operator's pause switch: `"true"` leaves the IstioOperator and its objects untouched. */
  ignoreReconcile: 'install.istio.io/ignoreReconcile',
} as const;

export const DeletionPolicies = { delete: 'delete', orphan: 'orphan' } as const;

export const FINALIZER = 'install.operator.istio.io/finalizer';
/**
 * Our server-side apply field manager. No other Istio installer uses it: istioctl and Istio's old
 * in-cluster operator all apply as LEGACY_FIELD_MANAGER, so only this name proves we applied an object.
 */
export const FIELD_MANAGER = 'istiooperator-reconciler';
export const LEGACY_FIELD_MANAGER = 'istio-operator';
export const MANAGED_VALUE = 'Reconcile';
