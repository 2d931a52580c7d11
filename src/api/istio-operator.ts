import type { JsonObject, JsonValue } from './json.js';
import type { KubeObject, ObjectMeta } from './kube-object.js';

export const IOP_API_VERSION = 'install.istio.io/v1alpha1';
export const IOP_GROUP = 'install.istio.io';
export const IOP_KIND = 'IstioOperator';
export const IOP_PLURAL = 'istiooperators';
export const IOP_VERSION = 'v1alpha1';

/** One `k8s.overlays[]` entry: patches applied to the rendered object of this kind and name. */
export interface OverlaySpec {
  apiVersion?: string;
  kind: string;
  name: string;
  patches: OverlayPatch[];
}

/** `value` absent means: delete what `path` points at. */
export interface OverlayPatch {
  path: string;
  value?: JsonValue;
}

/** `components.*.k8s`: Kubernetes settings patched onto a component's rendered objects. */
export interface K8sSettings {
  affinity?: JsonObject;
  env?: JsonObject[];
  hpaSpec?: JsonObject;
  imagePullPolicy?: string;
  nodeSelector?: Record<string, string>;
  podDisruptionBudget?: JsonObject;
  podAnnotations?: Record<string, string>;
  priorityClassName?: string;
  readinessProbe?: JsonObject;
  replicaCount?: number;
  resources?: JsonObject;
  service?: JsonObject;
  strategy?: JsonObject;
  tolerations?: JsonObject[];
  serviceAnnotations?: Record<string, string>;
  securityContext?: JsonObject;
  /** Accepted for compatibility; istioctl 1.27 ignores them, and so do we. */
  volumes?: JsonObject[];
  volumeMounts?: JsonObject[];
  overlays?: OverlaySpec[];
}

export interface BaseComponentSpec {
  enabled?: boolean;
  k8s?: K8sSettings;
}

export interface ComponentSpec {
  enabled?: boolean;
  namespace?: string;
  hub?: string;
  tag?: string | number;
  k8s?: K8sSettings;
}

export interface GatewaySpec extends ComponentSpec {
  name?: string;
  label?: Record<string, string>;
}

export interface ComponentsSpec {
  base?: BaseComponentSpec;
  pilot?: ComponentSpec;
  cni?: ComponentSpec;
  ztunnel?: ComponentSpec;
  istiodRemote?: ComponentSpec;
  ingressGateways?: GatewaySpec[];
  egressGateways?: GatewaySpec[];
}

/** Addons are our extension of the API (istioctl ships them as loose sample manifests). */
export interface AddonSpec {
  enabled?: boolean;
  namespace?: string;
  k8s?: K8sSettings;
}

export interface AddonComponentsSpec {
  prometheus?: AddonSpec;
  grafana?: AddonSpec;
  kiali?: AddonSpec;
  jaeger?: AddonSpec;
}

export interface IstioOperatorSpec {
  profile?: string;
  installPackagePath?: string;
  hub?: string;
  tag?: string | number;
  namespace?: string;
  revision?: string;
  compatibilityVersion?: string;
  meshConfig?: JsonObject;
  components?: ComponentsSpec;
  addonComponents?: AddonComponentsSpec;
  values?: JsonObject;
  unvalidatedValues?: JsonObject;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export interface ComponentStatusEntry {
  status: string;
  error?: string;
}

export interface IstioOperatorStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  /** Legacy aggregate read by Argo CD's IstioOperator health check. */
  status?: string;
  message?: string;
  componentStatus?: Record<string, ComponentStatusEntry>;
  /**
   * Objects applied by the last successful reconcile: how many, and exactly which (with uid). Prune
   * works from this list, so an object that lost its labels is still ours and a same-named object
   * recreated by someone else (another uid) is not.
   */
  inventory?: { count: number; objects?: InventoryEntry[] };
  /**
   * When work on `generation` began; the progress deadline is measured from here, never from a
   * condition's lastTransitionTime (which moves whenever its message does). Absent once Ready.
   */
  progress?: { generation: number; startedAt: string };
  /**
   * How the gateway lists met the profile's in the last apply (`by-name`: Istio 1.23's merge, kept for
   * an installation an old installer made). Kept so the choice outlives that installer's labels.
   */
  gatewayListMerge?: 'by-name';
  /**
   * The Istio release the last successful apply installed. Kept until the spec names another, so a new
   * operator (whose default release is newer) never moves an installation by itself.
   */
  istioVersion?: string;
}

/** One applied object, as recorded in status.inventory. */
export interface InventoryEntry {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
}

export interface IstioOperatorObject extends KubeObject {
  metadata: ObjectMeta & { generation?: number; uid?: string; resourceVersion?: string; deletionTimestamp?: string; finalizers?: string[] };
  spec?: JsonObject;
  status?: JsonObject;
}
