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

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';
