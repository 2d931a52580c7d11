import type { IstioOperatorObject } from '../api/istio-operator.js';
import { isJsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { OwnerKey } from './ports.js';

/**
 * Moving a revision tag (`default`, `prod-stable`) from one IstioOperator's `values.revisionTags` to
 * another's hands its objects (the tag's webhook configuration, and Service) over in place: the same
 * objects, relabelled, so no moment passes without a webhook for the tag's namespaces. The receiver takes
 * a tag object only once the holder's spec no longer lists the tag; the holder, when its spec drops the tag
 * while another IstioOperator lists it, leaves the objects for that one instead of deleting them. Pure.
 */

/** The revision tag an object serves, if it is a tag's object. */
export function revisionTagOf(o: KubeObject): string | undefined {
  return o.metadata.labels?.[LabelKeys.revisionTag];
}

/** The tags an IstioOperator's spec lists in `spec.values.revisionTags`. */
export function revisionTagsOf(iop: IstioOperatorObject): string[] {
  const values = iop.spec?.values;
  const tags = isJsonObject(values ?? null) ? (values as Record<string, unknown>).revisionTags : undefined;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** Whether the IstioOperator (live, not being deleted) lists the tag in `spec.values.revisionTags`. */
export function listsRevisionTag(iop: IstioOperatorObject | undefined, tag: string): boolean {
  return iop !== undefined && iop.metadata.deletionTimestamp === undefined && revisionTagsOf(iop).includes(tag);
}

/** The IstioOperator other than `self` that lists the tag: the one a tag object is handed over to. */
export function tagReceiver(iops: readonly IstioOperatorObject[], tag: string, self: OwnerKey): OwnerKey | undefined {
  const receiver = iops.find((iop) => listsRevisionTag(iop, tag) && !(iop.metadata.name === self.name && (iop.metadata.namespace ?? '') === self.namespace));
  return receiver ? { namespace: receiver.metadata.namespace ?? '', name: receiver.metadata.name } : undefined;
}
