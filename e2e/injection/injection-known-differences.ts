/**
 * Every difference the injection parity test tolerates between our injector ConfigMap and istioctl 1.27.9's,
 * each with its reason. An entry that matches no difference fails the test, so the list cannot go stale.
 *
 * The subject of a difference is `values <install>`, `settings <install>` (the `config` document without the
 * template texts), `pod <install>/<pod>` (a pod after `istioctl kube-inject`) or `gateway <install>/<case>` (the
 * objects a Gateway API deployment template renders); its path is a JSON path into that document.
 */
export interface KnownDifference {
  readonly name: string;
  readonly subject: RegExp;
  readonly path: RegExp;
  readonly reason: string;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: 'demo profile CNI requests in the injector values',
    subject: /^values demo$/,
    path: /^\.pilot\.cni\.resources$/,
    reason: 'istiod\'s chart-level demo profile lowers the CNI requests under the chart\'s `cni` key, which its ' +
      'injector values publish as pilot.cni.resources. No injection template reads it and istioctl\'s values API ' +
      'has no such field (nobody can set it), so our values do not carry it.',
  },
];
