import { ComponentNames, type ComponentName } from '../api/components.js';
import type { FieldError } from '../api/errors.js';
import type { K8sSettings } from '../api/istio-operator.js';

/** Components whose workload is a DaemonSet: no replicas, strategy, autoscaler, PDB or Service to patch. */
const DAEMONSET_COMPONENTS: readonly ComponentName[] = [ComponentNames.cni, ComponentNames.ztunnel];
const NOT_FOR_DAEMONSETS = ['replicaCount', 'strategy', 'hpaSpec', 'podDisruptionBudget', 'service', 'serviceAnnotations'] as const;

export function isDaemonSetComponent(component: ComponentName): boolean {
  return DAEMONSET_COMPONENTS.includes(component);
}

/**
 * istioctl accepts these for a DaemonSet component and then patches nothing (no such object) or writes a
 * field a DaemonSet does not have (`spec.replicas`, `spec.strategy`), which the API server refuses: both
 * are reported here instead.
 */
export function checkDaemonSetSettings(k8s: K8sSettings, where: string, component: ComponentName): FieldError[] {
  return NOT_FOR_DAEMONSETS.filter((field) => k8s[field] !== undefined).map((field) => ({
    path: `${where}.${field}`,
    reason: `has no effect on ${component}: it runs as a DaemonSet, which has no ${DAEMONSET_LACKS[field]}`,
  }));
}

const DAEMONSET_LACKS: Record<(typeof NOT_FOR_DAEMONSETS)[number], string> = {
  replicaCount: 'replica count (one pod per node)',
  strategy: 'strategy (DaemonSets use updateStrategy; set it with an overlay)',
  hpaSpec: 'autoscaler',
  podDisruptionBudget: 'PodDisruptionBudget',
  service: 'Service',
  serviceAnnotations: 'Service',
};
