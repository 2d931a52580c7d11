import { IOP_KIND } from '../api/istio-operator.js';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';

/**
 * The work-queue key an observed object maps to: an IstioOperator maps to itself, an owned object to
 * its owner through the ownership labels. Objects of other owners' namespaces outside the watched set
 * map to nothing.
 */
export function mapEventToKey(obj: KubeObject, watchedNamespaces: readonly string[] = []): string | undefined {
  const key = obj.kind === IOP_KIND ? ownKey(obj) : ownerKey(obj);
  if (!key) return undefined;
  if (watchedNamespaces.length > 0 && !watchedNamespaces.includes(key.slice(0, key.indexOf('/')))) return undefined;
  return key;
}

function ownKey(obj: KubeObject): string | undefined {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : undefined;
}

function ownerKey(obj: KubeObject): string | undefined {
  const name = obj.metadata.labels?.[LabelKeys.owningResource];
  const namespace = obj.metadata.labels?.[LabelKeys.owningResourceNamespace];
  return name && namespace ? `${namespace}/${name}` : undefined;
}
