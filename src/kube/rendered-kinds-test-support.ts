import type { JsonObject } from '../api/json.js';
import { groupOf, type KubeObject } from '../api/kube-object.js';
import { loadSourceCatalog } from '../assets/load-assets.js';
import type { AssetSet } from '../pipeline/types.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';

// Test support: what the charts of every version pack can render, for the checks that derive cluster-wide things (owned and
// watched kinds, the operator's RBAC) from it instead of from a hand-kept list.

/** `group/Kind`, the key RBAC and the owned-kinds list agree on. */
export const kindKey = (apiVersion: string, kind: string): string => `${groupOf(apiVersion)}/${kind}`;

/** Platforms whose chart deltas add objects (GKE: ResourceQuota; OpenShift with Multus: the CNI attachment). */
const PLATFORM_VALUES: JsonObject[] = [{}, { global: { platform: 'gke' } }, { global: { platform: 'openshift' }, cni: { provider: 'multus' } }];

/** Every profile with every component, gateway and addon switched on, per platform, and a remote istiod by IP. */
export function buildEveryVariant(profiles: readonly string[]): { name: string; spec: JsonObject }[] {
  const variants: { name: string; spec: JsonObject }[] = [];
  for (const profile of profiles) {
    for (const platform of PLATFORM_VALUES) {
      const global = { defaultPodDisruptionBudget: { enabled: true }, ...((platform.global as JsonObject | undefined) ?? {}) };
      const values = { ...platform, global, defaultRevision: 'default' };
      // Unchecked, so every release takes them: NetworkPolicies (1.28 on) and a PodDisruptionBudget, which
      // 1.28 on renders only above one istiod replica.
      const unvalidatedValues = { global: { networkPolicy: { enabled: true } }, pilot: { autoscaleMin: 2 } };
      variants.push({ name: `${profile} ${JSON.stringify(platform)}`, spec: { ...everythingOn(profile), values, unvalidatedValues } });
    }
  }
  // Service istiod backed by Endpoints (an EndpointSlice from 1.28 on): a remote cluster whose istiod is reached by address.
  variants.push({ name: 'remote by IP', spec: { profile: 'remote', values: { global: { remotePilotAddress: '10.0.0.1' }, istiodRemote: { enabled: true } } } });
  return variants;
}

function everythingOn(profile: string): JsonObject {
  return {
    profile,
    components: {
      base: { enabled: true },
      pilot: { enabled: true },
      cni: { enabled: true },
      ztunnel: { enabled: true },
      ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }],
      egressGateways: [{ name: 'istio-egressgateway', enabled: true }],
    },
    addonComponents: { prometheus: { enabled: true }, grafana: { enabled: true }, kiali: { enabled: true }, jaeger: { enabled: true } },
  };
}

export function renderSpec(spec: JsonObject, assets: AssetSet): KubeObject[] {
  const result = buildDesiredState({ documents: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec }], setFlags: [], owner: { name: 'all', namespace: 'istio-system' } }, assets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.objects;
}

let rendered: KubeObject[][] | undefined;

/** The objects of every variant of every pack (rendered once per test file). */
export function renderEveryVariant(): KubeObject[][] {
  if (!rendered) {
    const catalog = loadSourceCatalog();
    rendered = catalog.packs.flatMap((pack) => {
      const assets = catalog.load(pack.version);
      return buildEveryVariant([...assets.profiles.keys()].sort()).map((v) => renderSpec(v.spec, assets));
    });
  }
  return rendered;
}

/** Every `group/Kind` any variant renders, with its apiVersion. */
export function collectRenderedKinds(): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const objects of renderEveryVariant()) for (const o of objects) kinds.set(kindKey(o.apiVersion, o.kind), o.apiVersion);
  return kinds;
}

/** Names of the Roles and ClusterRoles the variants render in istio-system without a revision, sorted. */
export function collectDefaultRoleNames(): string[] {
  const names = new Set<string>();
  for (const objects of renderEveryVariant()) for (const o of objects) if (o.kind === 'Role' || o.kind === 'ClusterRole') names.add(o.metadata.name);
  return [...names].sort();
}
