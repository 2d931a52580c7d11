import type { JsonObject } from '../../src/api/json.js';

/**
 * One sample of every kind of `components.*.k8s` setting istioctl 1.27.9 accepts. Each is rendered on its
 * own on each workload component (parity-matrix.ts), so a difference names the setting that caused it.
 */
export const K8S_SAMPLES: Readonly<Record<string, JsonObject>> = {
  resources: { resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
  env: { env: [{ name: 'PARITY_ONE', value: 'one' }, { name: 'PARITY_TWO', value: '2' }] },
  'env-value-from': {
    env: [
      { name: 'PARITY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'PARITY_SECRET', valueFrom: { secretKeyRef: { name: 'parity', key: 'token', optional: true } } },
    ],
  },
  affinity: {
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { parity: 'yes' } } } },
        ],
      },
    },
  },
  tolerations: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'istio', effect: 'NoSchedule' }] },
  'node-selector': { nodeSelector: { 'kubernetes.io/os': 'linux', pool: 'mesh' } },
  'pod-annotations': { podAnnotations: { 'parity.example/one': 'x', 'prometheus.io/scrape': 'false' } },
  'security-context': { securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } },
  'security-context-full': { securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, runAsNonRoot: true } },
  service: {
    service: {
      type: 'NodePort',
      ports: [{ name: 'http2', port: 80, targetPort: 8080, nodePort: 31080, protocol: 'TCP' }],
    },
  },
  'service-annotations': { serviceAnnotations: { 'parity.example/lb': 'internal' } },
  'hpa-spec': {
    hpaSpec: {
      minReplicas: 2,
      maxReplicas: 9,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    },
  },
  pdb: { podDisruptionBudget: { maxUnavailable: 1 } },
  'replica-count': { replicaCount: 3 },
  strategy: { strategy: { rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } } },
  'priority-class': { priorityClassName: 'system-cluster-critical' },
  'image-pull-policy': { imagePullPolicy: 'Always' },
  'readiness-probe': { readinessProbe: { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 7 } },
  volumes: {
    volumes: [{ name: 'parity-extra', configMap: { name: 'parity-extra' } }],
    volumeMounts: [{ name: 'parity-extra', mountPath: '/etc/parity' }],
  },
};
