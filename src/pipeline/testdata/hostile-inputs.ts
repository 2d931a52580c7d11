/** Inputs that try to make the pipeline work without bound or escape its data; shared by tests and the bench. */

/** The classic "billion laughs": nine levels of nine aliases, a few hundred bytes of YAML, 9^9 values expanded. */
export const YAML_ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
].join('\n');

/** A selector pattern with nested quantifiers, and a subject that makes a backtracking engine try 2^n ways. */
export const PATHOLOGICAL_SELECTOR = '(a+)+$';
export const pathologicalSubject = (n: number): string => `${'a'.repeat(n)}!`;

/**
 * The largest IstioOperator spec the validator accepts, built to cost the most render work: every cap at its
 * limit (gateways, overlay patches in all, values), all addons on, each patch touching a rendered Deployment.
 */
export function buildLargestAcceptedSpec(limits: { gatewaysPerList: number; overlayPatchesInAll: number; overlaysPerComponent: number; patchesPerOverlay: number; specNodes: number }): Record<string, unknown> {
  const gateways = (prefix: string): Record<string, unknown>[] =>
    Array.from({ length: limits.gatewaysPerList }, (_, i) => ({ name: `${prefix}-${i}`, enabled: true }));
  const ingress = gateways('ingress');
  const egress = gateways('egress');
  const targets: { entry: Record<string, unknown>; name: string }[] = [...ingress, ...egress].map((entry) => ({ entry, name: entry.name as string }));
  let budget = limits.overlayPatchesInAll;
  const pilot: Record<string, unknown> = {};
  for (const target of [{ entry: pilot, name: 'istiod' }, ...targets]) {
    const overlays: Record<string, unknown>[] = [];
    for (let o = 0; o < limits.overlaysPerComponent && budget > 0; o++) {
      const count = Math.min(limits.patchesPerOverlay, budget);
      budget -= count;
      overlays.push({ kind: 'Deployment', name: target.name, patches: Array.from({ length: count }, (_, p) => ({ path: `spec.template.metadata.annotations.bench-${o}-${p}`, value: 'x' })) });
    }
    if (overlays.length > 0) target.entry.k8s = { overlays };
  }
  // Free-form values every chart receives, filling what the node budget leaves (about 3 values per entry).
  const used = 2 * limits.gatewaysPerList * 3 + limits.overlayPatchesInAll * 4 + 200;
  const filler = Object.fromEntries(Array.from({ length: Math.max(0, Math.floor((limits.specNodes - used) / 2)) }, (_, i) => [`k${i}`, { v: i }]));
  return {
    profile: 'demo',
    components: { pilot, ingressGateways: ingress, egressGateways: egress },
    addonComponents: { prometheus: { enabled: true }, grafana: { enabled: true }, kiali: { enabled: true }, jaeger: { enabled: true } },
    unvalidatedValues: { bench: filler },
  };
}
