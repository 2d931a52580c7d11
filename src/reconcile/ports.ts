import type { InventoryEntry, IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import type { KubeObject, ObjectRef } from '../api/kube-object.js';

export type LiveObjects = ReadonlyMap<string, KubeObject | undefined>;

/** Identity of an IstioOperator, and the owner half of the ownership labels. */
export interface OwnerKey {
  namespace: string;
  name: string;
}

export interface ApplySummary {
  created: ObjectRef[];
  configured: ObjectRef[];
  unchanged: number;
  reads: number;
  writes: number;
  /** Every applied object with its uid, in apply order (status.inventory). */
  inventory: InventoryEntry[];
}

export interface PruneSummary {
  deleted: ObjectRef[];
  writes: number;
}

/**
 * Everything the reconciler needs from the cluster. `src/kube/cluster-port.ts` implements it with
 * client-node; the reconciler never sees HTTP, client-node types or positional arguments.
 */
/** What selects one installation's revision, to find the workloads that still use it (revision-in-use.ts). */
export interface RevisionUsersQuery {
  /** The `istio.io/rev` values that select it: its revision (`default` for none) and the tags it holds. */
  revisions: string[];
  /** Namespaces labelled `istio-injection=enabled` use it too (the default revision, or the `default` tag). */
  legacyInjection: boolean;
  /** Its own pods (istiod, gateways) carry its revision and use nothing. */
  owner: OwnerKey;
}

export interface ClusterPort {
  getIstioOperator(key: OwnerKey): Promise<IstioOperatorObject | undefined>;
  /** Every IstioOperator in the cluster (a request each time: asked only when a revision tag changes hands). */
  listIstioOperators(): Promise<IstioOperatorObject[]>;
  addFinalizer(iop: IstioOperatorObject): Promise<void>;
  removeFinalizer(iop: IstioOperatorObject): Promise<void>;
  /** Patches the status subresource only. */
  patchStatus(iop: IstioOperatorObject, status: IstioOperatorStatus): Promise<void>;
  /** Best effort: failures are swallowed and logged by the implementation, never fail a reconcile. */
  recordEvent(iop: IstioOperatorObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
  /** Creates the namespace when missing, labelled as created by this owner. */
  ensureNamespace(name: string, owner: OwnerKey): Promise<{ created: boolean }>;
  /**
   * Live copies of the given objects, keyed by `identityOf`; undefined when absent. From the informer
   * cache where it has them, unless `fresh` (a GET each: the last check before a delete or a Conflict).
   */
  readLive(objects: KubeObject[], options?: { fresh?: boolean }): Promise<LiveObjects>;
  /** Server-side applies in the given order, skipping objects whose live copy already matches. */
  applyObjects(objects: KubeObject[], live: LiveObjects): Promise<ApplySummary>;
  /**
   * Every object that carries this owner's ownership labels, across the kinds we render. CRDs are
   * never listed (never deleted); Namespaces only when asked (the ones ensureNamespace created).
   */
  listOwned(owner: OwnerKey, options?: { includeNamespaces?: boolean }): Promise<KubeObject[]>;
  /**
   * Deletes the given objects in the given order; 404 counts as deleted. An object with a
   * `metadata.uid` is deleted only while it has that uid (a recreated one is left, not in `deleted`).
   */
  deleteObjects(objects: KubeObject[]): Promise<PruneSummary>;
  /** True when the namespace holds nothing but what Kubernetes puts in every namespace. */
  isNamespaceEmpty(name: string): Promise<boolean>;
  /** The pods and namespaces that select the revision, as `pod ns/name` and `namespace name` (a request each time). */
  findRevisionUsers(query: RevisionUsersQuery): Promise<string[]>;
}
