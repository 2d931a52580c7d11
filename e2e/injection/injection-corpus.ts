import type { JsonObject } from '../../src/api/json.js';

/**
 * What the injection parity test feeds both injector ConfigMaps (ours and istioctl 1.27.9's).
 * An install renders both ConfigMaps; every pod is injected with each; every Gateway input is rendered through
 * the kube-gateway and waypoint templates.
 */
export interface InstallCase {
  readonly name: string;
  /** `--set` flags given to both `manifest generate`s. */
  readonly set: readonly string[];
}

const PIN = ['hub=docker.io/istio', 'tag=1.27.9'];

export const INSTALLS: readonly InstallCase[] = [
  { name: 'default', set: PIN },
  { name: 'demo', set: [...PIN, 'profile=demo'] },
  { name: 'ambient', set: [...PIN, 'profile=ambient'] },
  { name: 'openshift', set: [...PIN, 'profile=openshift'] },
  { name: 'compatibility-1.24', set: [...PIN, 'compatibilityVersion=1.24'] },
  {
    name: 'revision-and-values',
    set: [
      ...PIN, 'revision=canary', 'values.global.network=net1', 'values.global.multiCluster.clusterName=c1',
      'meshConfig.trustDomain=example.org', 'values.global.imagePullPolicy=Always', 'values.global.imagePullSecrets[0]=regcred',
      'values.global.logAsJson=true', 'values.global.proxy.holdApplicationUntilProxyStarts=true',
      'values.global.mountMtlsCerts=true', 'values.global.sts.servicePort=15463', 'values.global.proxy.outlierLogPath=/dev/stdout',
      'values.global.nativeNftables=true', 'values.global.proxy.privileged=true', 'values.global.trustBundleName=my-bundle',
      'values.gateways.securityContext.runAsNonRoot=true', 'values.gateways.seccompProfile.type=RuntimeDefault',
      'values.global.proxy.startupProbe.enabled=false',
    ],
  },
  {
    name: 'cni-native-trust-bundle',
    set: [
      ...PIN, 'components.cni.enabled=true', 'values.pilot.cni.provider=multus', 'values.pilot.env.ENABLE_CLUSTER_TRUST_BUNDLE_API=true',
      'values.pilot.env.ENABLE_NATIVE_SIDECARS=true', 'values.global.caName=GkeWorkloadCertificate',
      'values.global.proxy.lifecycle.preStop.exec.command[0]=/bin/drain', 'values.global.proxy.excludeIPRanges=10.0.0.0/8',
      'values.global.proxy.includeIPRanges=10.1.0.0/16', 'values.global.proxy.image=example.com/proxy:2',
      'values.global.waypoint.resources.limits.cpu=500m',
    ],
  },
];

export interface PodCase {
  readonly name: string;
  readonly pod: JsonObject;
  /** Run kube-inject with ENABLE_NATIVE_SIDECARS=true (istiod's feature flag; kube-inject reads it from its env). */
  readonly nativeEnv?: boolean;
}

function pod(name: string, annotations: Record<string, string> = {}, extra: { labels?: Record<string, string>; containers?: JsonObject[]; spec?: JsonObject } = {}): JsonObject {
  const containers: JsonObject[] = extra.containers ?? [
    {
      name: 'web', image: 'nginx',
      ports: [{ containerPort: 80, name: 'http' }, { containerPort: 9090, protocol: 'TCP' }],
      readinessProbe: { httpGet: { path: '/ready', port: 80 } }, livenessProbe: { tcpSocket: { port: 80 } },
    },
    { name: 'worker', image: 'busybox' },
  ];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'demo', labels: extra.labels ?? { app: 'web', version: 'v1' }, annotations },
    spec: { containers, ...extra.spec },
  };
}

export const PODS: readonly PodCase[] = [
  { name: 'plain', pod: pod('plain') },
  { name: 'native-by-flag', pod: pod('native-by-flag'), nativeEnv: true },
  { name: 'native-by-annotation', pod: pod('native-by-annotation', { 'sidecar.istio.io/nativeSidecar': 'true' }) },
  { name: 'native-annotation-off', pod: pod('native-annotation-off', { 'sidecar.istio.io/nativeSidecar': 'false' }), nativeEnv: true },
  {
    name: 'gateway', pod: pod('gw', { 'inject.istio.io/templates': 'gateway' }, {
      labels: { istio: 'ingressgateway', app: 'gw' }, containers: [{ name: 'istio-proxy', image: 'auto', ports: [{ containerPort: 8080 }] }],
    }),
  },
  { name: 'grpc-agent', pod: pod('grpc-agent', { 'inject.istio.io/templates': 'grpc-agent' }) },
  { name: 'grpc-simple', pod: pod('grpc-simple', { 'inject.istio.io/templates': 'grpc-simple' }) },
  {
    name: 'custom-annotations', pod: pod('custom', {
      'sidecar.istio.io/proxyCPU': '200m', 'sidecar.istio.io/proxyMemory': '256Mi', 'sidecar.istio.io/proxyMemoryLimit': '1Gi',
      'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound,listener',
      'traffic.sidecar.istio.io/excludeOutboundPorts': '3306,6379', 'traffic.sidecar.istio.io/includeOutboundPorts': '443',
      'traffic.sidecar.istio.io/includeInboundPorts': '80', 'traffic.sidecar.istio.io/excludeInboundPorts': '9090',
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8',
      'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts": true}', 'sidecar.istio.io/rewriteAppHTTPProbers': 'false',
      'sidecar.istio.io/logLevel': 'debug', 'sidecar.istio.io/agentLogLevel': 'default:debug',
      'readiness.status.sidecar.istio.io/periodSeconds': '5', 'kubectl.kubernetes.io/default-container': 'worker',
    }),
  },
  { name: 'tproxy-bind-service', pod: pod('tproxy', { 'sidecar.istio.io/interceptionMode': 'TPROXY', 'sidecar.istio.io/capNetBindService': 'true' }) },
  { name: 'interception-none', pod: pod('none', { 'sidecar.istio.io/interceptionMode': 'NONE' }) },
  { name: 'interception-none-native', pod: pod('none-native', { 'sidecar.istio.io/interceptionMode': 'NONE' }), nativeEnv: true },
  {
    name: 'user-volumes-bootstrap-image', pod: pod('uv', {
      'sidecar.istio.io/userVolume': '{"extra":{"emptyDir":{}}}', 'sidecar.istio.io/userVolumeMount': '{"extra":{"mountPath":"/extra","readOnly":true}}',
      'sidecar.istio.io/bootstrapOverride': 'my-bootstrap', 'traffic.sidecar.istio.io/excludeInterfaces': 'eth1',
      'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1', 'status.sidecar.istio.io/port': '15021',
      'sidecar.istio.io/proxyImage': 'example.com/proxy:1',
    }, { spec: { serviceAccountName: 'sa1' } }),
  },
  { name: 'grpc-agent-user-volumes', pod: pod('grpc-uv', { 'inject.istio.io/templates': 'grpc-agent', 'sidecar.istio.io/userVolume': '{"extra":{"emptyDir":{}}}', 'sidecar.istio.io/userVolumeMount': '{"extra":{"mountPath":"/extra"}}', 'sidecar.istio.io/proxyCPU': '50m' }) },
  {
    name: 'grpc-agent-status-port-off', pod: pod('grpc-sp0', {
      'inject.istio.io/templates': 'grpc-agent', 'status.sidecar.istio.io/port': '0',
      'sidecar.istio.io/userVolume': '{"extra":{"emptyDir":{}}}', 'sidecar.istio.io/userVolumeMount': '{"extra":{"mountPath":"/extra"}}',
    }),
  },
  { name: 'status-port-off', pod: pod('noprobe', { 'status.sidecar.istio.io/port': '0', 'sidecar.istio.io/proxyCPULimit': '1' }) },
  {
    name: 'hbone-iptables-trace', pod: pod('hbone', { 'proxy.istio.io/config': '{"proxyMetadata":{"ISTIO_META_ENABLE_HBONE":"true","IPTABLES_TRACE_LOGGING":"true"}}' }, {
      labels: { 'app.kubernetes.io/name': 'a-very-long-name-that-goes-beyond-the-limit-of-sixty-three-characters-x' },
    }),
  },
  { name: 'workload-name-label', pod: pod('wl', {}, { labels: { 'service.istio.io/workload-name': 'custom-wl', 'service.istio.io/canonical-name': 'cn' } }) },
];

/** Inputs of istiod's gateway deployment controller (its TemplateInput, JSON field names as Go spells them). */
export interface GatewayCase {
  readonly name: string;
  readonly template: 'kube-gateway' | 'waypoint';
  readonly input: JsonObject;
}

function gatewayInput(name: string, className: string, extra: JsonObject): JsonObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
    metadata: { name, namespace: 'demo', uid: `uid-${name}`, labels: { team: 'a' }, annotations: { note: 'x', 'gateway.istio.io/controller-version': '5' } },
    spec: { gatewayClassName: className, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    DeploymentName: `${name}-${className}`, ServiceAccount: `${name}-${className}`, ClusterID: 'Kubernetes', KubeVersion: 134,
    Revision: '', NativeSidecars: false, ProxyUID: 1337, ProxyGID: 1337,
    InfrastructureLabels: { team: 'a' }, InfrastructureAnnotations: { note: 'x', 'gateway.istio.io/controller-version': '5' },
    GatewayNameLabel: 'gateway.networking.k8s.io/gateway-name',
    ...extra,
  };
}

export const GATEWAYS: readonly GatewayCase[] = [
  {
    name: 'ingress-load-balancer', template: 'kube-gateway', input: gatewayInput('gw', 'istio', {
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], addresses: [{ value: '10.0.0.9' }] },
      Ports: [{ name: 'status-port', port: 15021, appProtocol: 'tcp' }, { name: 'http', port: 80, appProtocol: 'http' }],
      ServiceType: 'LoadBalancer', ControllerLabel: 'istio.io-gateway-controller',
      InfrastructureLabels: { team: 'a', 'topology.istio.io/network': 'net2' },
    }),
  },
  {
    name: 'ingress-old-kubernetes', template: 'kube-gateway', input: gatewayInput('old', 'istio', {
      Ports: [{ name: 'status-port', port: 15021, appProtocol: 'tcp' }], ServiceType: 'ClusterIP', KubeVersion: 127,
      Revision: 'canary', ControllerLabel: 'istio.io-gateway-controller',
    }),
  },
  {
    name: 'waypoint', template: 'waypoint', input: gatewayInput('waypoint', 'istio-waypoint', {
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      Ports: [{ name: 'status-port', port: 15021, appProtocol: 'tcp' }, { name: 'mesh', port: 15008, appProtocol: 'tcp' }],
      ServiceType: 'ClusterIP', ControllerLabel: 'istio.io-mesh-controller',
      InfrastructureLabels: { team: 'a', 'istio.io/waypoint-for': 'service' },
    }),
  },
];
