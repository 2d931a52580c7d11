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
    name: 'grpc-agent user volume mounts with the status port off',
    subject: /^pod [^/]+\/grpc-agent-status-port-off$/,
    path: /^(\.spec\.containers\.istio-proxy\.(env\.extra|env\(order\)|volumeMounts)|\(outcome\))$/,
    reason: 'Upstream\'s grpc-agent template writes the sidecar.istio.io/userVolumeMount entries after its ' +
      'status-port block; with the status port off they land in the proxy\'s `env` list (an env var named after ' +
      'the volume, the mount lost), or, when an imagePullPolicy line precedes them, break the YAML and the ' +
      'injection fails. Ours keeps them as the volumeMounts the annotation asks for.',
  },
];
