import type { ComponentName } from '../api/components.js';
import type { IstioOperatorSpec, K8sSettings } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import type { PackInfo, RendererSettings } from '../packs/pack-info.js';
import type { SpecRules } from './pack-spec-rules.js';
import type { GatewayListMerge } from './merge-gateways-by-name.js';
import type { TemplateFn } from './template-engine.js';

/** A chart as loaded from `charts/<name>/`: defaults plus compiled templates, in file-name order. */
export interface CompiledChart {
  name: string;
  /** `values.yaml`: the lowest value layer; declares every key the templates print. */
  values: JsonObject;
  templates: { name: string; render: TemplateFn }[];
}

/** One version pack: everything the pure pipeline needs from disk to render its release (src/assets). */
export interface AssetSet {
  /** The release and what the pack says about it. */
  pack: PackInfo;
  /** The spec schema and compatibility versions of the release. */
  specRules: SpecRules;
  /** The engine's per-release switches, resolved along the pack chain. */
  renderer: RendererSettings;
  /** Profile name -> the profile's IstioOperator `spec`. */
  profiles: ReadonlyMap<string, JsonObject>;
  charts: ReadonlyMap<string, CompiledChart>;
  /** The upstream Istio CRDs (name order of istio.io/api's generated file), read on first call. */
  istioCrds(): readonly IstioCrd[];
}

/** One upstream Istio CRD as the build writes it (dist/assets/istio-crds.json, ADR 5). */
export interface IstioCrd {
  name: string;
  annotations: Record<string, string>;
  spec: JsonObject;
}

/** Input of buildDesiredState: what a user gives istioctl (files and --set flags) or the CR holds. */
export interface RenderRequest {
  /** IstioOperator documents (parsed YAML), merged in order like repeated `-f`. */
  documents: JsonObject[];
  /** `path=value` overrides applied to the user document, in order. */
  setFlags: string[];
  /**
   * istioctl's `--force`: schema problems of the spec are warnings (their fields left out of the render), not
   * errors; unknown `values` keys still appear in the istiod chart's values copies, as with istioctl.
   */
  force?: boolean;
  /** When rendering for a CR: its identity, for the ownership labels. */
  owner?: { name: string; namespace: string };
  /** How gateway lists meet the profile's when no document's annotation says (default `replace`). */
  gatewayListMerge?: GatewayListMerge;
  /**
   * The Istio release asked for by name (`--istio-version`, the istio-version annotation), with the name to
   * print for it; only renderInstallation reads it.
   */
  istioVersion?: { version: string; path: string };
}

/** One enabled component instance, ready to render. */
export interface ComponentPlan {
  component: ComponentName;
  /** Instance name: `istiod`, the gateway entry name, the addon name, `base`. */
  instance: string;
  chart: string;
  namespace: string;
  /** The full values tree handed to the chart (chart defaults already layered underneath). */
  values: JsonObject;
  /** Extra template context (e.g. `Gateway` for gateway charts). */
  context?: Record<string, unknown>;
  k8s?: K8sSettings;
}

export interface RenderedComponent {
  component: ComponentName;
  instance: string;
  namespace: string;
  objects: KubeObject[];
}

export interface DesiredState {
  /** The Istio release rendered: the pack's version. */
  istioVersion: string;
  /** The merged, validated spec (profile + user + --set). */
  spec: IstioOperatorSpec;
  /** '' for the default revision. */
  revision: string;
  istioNamespace: string;
  components: RenderedComponent[];
  /** Every object, post-processed and in apply order. */
  objects: KubeObject[];
  /** How the gateway lists met the profile's. */
  gatewayListMerge: GatewayListMerge;
  /** Non-fatal findings (istioctl prints these as warnings). */
  warnings: string[];
}
