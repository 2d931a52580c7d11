import type { FieldDifference } from './compare-objects.js';

/**
 * Differences from each release's istioctl that remain, each with the reason it stands. An entry must keep matching
 * something (the suite fails on a stale one), so the list only shrinks. `object: '(render)'` covers an input
 * istioctl renders and we refuse.
 */
export interface KnownDifference {
  /** Istio releases (packs) it applies to (all when absent). */
  releases?: RegExp;
  /** Case names it applies to (all when absent). */
  cases?: RegExp;
  object: RegExp;
  path: RegExp;
  reason: string;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    object: /^ConfigMap [^ ]+\/istio-sidecar-injector(-[a-z0-9-]+)?$/,
    path: /^data\.config>\.templates\.(sidecar|gateway|grpc-agent|grpc-simple|kube-gateway|waypoint|agentgateway|agentgateway-waypoint)$/,
    reason:
      'The injection templates are our own text (the project writes every template itself), so the strings ' +
      'differ; what they inject is compared with istio\'s own code instead: e2e/injection runs kube-inject and ' +
      'istiod\'s template runner on both ConfigMaps and requires equal pods and gateway objects.',
  },
  {
    object: /^ConfigMap [^ ]+\/values(-[a-z0-9-]+)?$/,
    path: /^metadata\.annotations\.kubernetes\.io\/description$/,
    reason: 'A sentence of prose: the project writes its own text, so the annotation says the same in other words.',
  },
  {
    cases: /^set-nameless-gateway$/,
    object: /^\(render\)$/,
    path: /^$/,
    reason:
      'Deliberate: a gateway entry without a name (`--set components.egressGateways[0].enabled=true` on an ' +
      'empty list) is refused; istioctl renders Deployments, Services and HPAs with no name, which the ' +
      'apiserver rejects.',
  },
  {
    cases: /^bare-values(-demo)?$/,
    object: /^(Deployment [^ ]+\/istio-(ingress|egress)gateway|Deployment [^ ]+\/istiod|ConfigMap [^ ]+\/(istio|istio-sidecar-injector|values))$/,
    path: /^(spec\.template\.spec\.containers\[(discovery|istio-proxy)\]\.image|data\.values>\.global\.(hub|tag)|data\.(merged|original)-values>\.(enabled|global(\.hub|\.tag)?|pilot))$/,
    reason:
      'Deliberate: with `values: null` istioctl also loses what it translates into values (spec.hub/tag ' +
      'and spec.meshConfig): it falls back to its charts\' development images (gcr.io/istio-testing/*:latest in ' +
      '1.27 and 1.28, registry.istio.io/testing/*:latest later). ' +
      'We drop the profile\'s values, as it does (so the default validator is rendered and no chart profile is ' +
      'selected), but keep the released images, the spec-level meshConfig and what we translate into values ' +
      '(hub, tag, pilot.enabled), which the `values` ConfigMap copies then show.',
  },
  {
    cases: /^(k8s-(pilot|ingress|egress)-replica-count|set-component|set-selector)$/,
    object: /^Deployment /,
    path: /^spec\.replicas$/,
    reason:
      'Deliberate (project rule: never own a field another controller writes): while an HPA is rendered for ' +
      'the workload, `k8s.replicaCount` is not written into the Deployment, where istioctl writes it and the ' +
      'HPA then overrides it; the render warning says so.',
  },
];

/** The entries that apply to a release's parity run. */
export function knownDifferencesOf(release: string): KnownDifference[] {
  return KNOWN_DIFFERENCES.filter((k) => k.releases?.test(release) ?? true);
}

export function explain(release: string, caseName: string, d: FieldDifference): KnownDifference | undefined {
  return knownDifferencesOf(release).find((k) => (k.cases?.test(caseName) ?? true) && k.object.test(d.object) && k.path.test(d.path));
}
