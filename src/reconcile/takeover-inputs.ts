import type { Result } from '../api/errors.js';
import type { InventoryEntry, IstioOperatorObject } from '../api/istio-operator.js';
import { formatRef, identityOf, refOf } from '../api/kube-object.js';
import { AnnotationKeys } from '../api/labels.js';
import type { GatewayListMerge } from '../pipeline/merge-gateways-by-name.js';
import type { DesiredState } from '../pipeline/types.js';
import type { TakeoverPermission } from './converge-installation.js';
import { abbreviateNames } from './delete-owned-step.js';
import { identifyInstallers } from './identify-installer.js';
import type { ClusterPort, OwnerKey } from './ports.js';
import { isAppliedByUs } from './prune-inventory.js';

// What the reconciler decides about another installer's objects before converging: the list semantics
// their installation used, what the other semantics would render, and whether a takeover is allowed.

/**
 * `by-name` when objects labelled as this IstioOperator's were made by Istio 1.23 or older (its old
 * operator or istioctl) and not by us: their gateways came from a by-name merge, and replacing lists
 * would drop some. Recorded in status once applied, so it outlives those labels.
 */
export async function detectGatewayListMerge(owner: OwnerKey, inventory: readonly InventoryEntry[], cluster: ClusterPort): Promise<GatewayListMerge> {
  const uids = new Set(inventory.map((e) => e.uid));
  const theirs = (await cluster.listOwned(owner)).filter((o) => !isAppliedByUs(o) && !uids.has(String(o.metadata.uid ?? '')));
  return identifyInstallers(theirs, owner).some((g) => g.mergedGatewaysByName) ? 'by-name' : 'replace';
}

/** Objects only one of the two list semantics renders, for the takeover plan. */
export function describeListMergeDifference(byName: DesiredState, replace: Result<DesiredState>): string | undefined {
  if (!replace.ok) return undefined;
  const kept = new Set(replace.value.objects.map(identityOf));
  const only = byName.objects.filter((o) => !kept.has(identityOf(o))).map((o) => formatRef(refOf(o)));
  if (only.length === 0) return undefined;
  return `gateway lists merge with the profile's by name, as Istio 1.23 did (annotate ${AnnotationKeys.gatewayListMerge}: replace for 1.24's list replacement, which would not render ${abbreviateNames(only)})`;
}

/** Adoption needs both the user's annotation and the administrator's leave for this namespace. */
export function resolveTakeoverPermission(iop: IstioOperatorObject, owner: OwnerKey, adoptNamespaces: readonly string[]): TakeoverPermission {
  const annotations = iop.metadata.annotations ?? {};
  const asked = annotations[AnnotationKeys.adopt] === 'true';
  const permitted = adoptNamespaces.includes('*') || adoptNamespaces.includes(owner.namespace);
  const how = `annotate the IstioOperator with ${AnnotationKeys.adopt}: "true" to take it over`;
  const admin = `the operator's administrator has not allowed takeovers in namespace ${owner.namespace} (operator flag --adopt-namespaces, chart value adoption.namespaces)`;
  return {
    allowed: asked && permitted,
    advice: asked ? `Not taken over: ${admin}` : permitted ? `To proceed, ${how}` : `To proceed, ${how}; ${admin}`,
    allowVersionSkip: annotations[AnnotationKeys.allowVersionSkip] === 'true',
    versionSkipAdvice: `Not taken over: choose a release upstream allows, or annotate the IstioOperator with ${AnnotationKeys.allowVersionSkip}: "true" to accept the jump`,
  };
}
