/** Component names as they appear in the `operator.istio.io/component` label and in status. */
export const ComponentNames = {
  base: 'Base',
  pilot: 'Pilot',
  ingressGateways: 'IngressGateways',
  egressGateways: 'EgressGateways',
  cni: 'Cni',
  ztunnel: 'Ztunnel',
  prometheus: 'Prometheus',
  grafana: 'Grafana',
  kiali: 'Kiali',
  jaeger: 'Jaeger',
} as const;

export type ComponentName = (typeof ComponentNames)[keyof typeof ComponentNames];

export const ADDON_KEYS = ['prometheus', 'grafana', 'kiali', 'jaeger'] as const;
export type AddonKey = (typeof ADDON_KEYS)[number];

/** Istio release whose installation we render; images default to `${DEFAULT_HUB}/<image>:${DEFAULT_TAG}`. */
export const ISTIO_VERSION = '1.27.9';
export const DEFAULT_HUB = 'docker.io/istio';
export const DEFAULT_TAG = ISTIO_VERSION;
export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';
