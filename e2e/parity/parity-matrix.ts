import type { JsonObject } from '../../src/api/json.js';
import { K8S_SAMPLES } from './matrix-k8s.js';

/**
 * The inputs rendered by both istioctl 1.27.9 and us (parity.parity.test.ts). A case is an IstioOperator
 * spec written to `case.yaml` plus `--set` flags, given verbatim to `manifest generate` on both sides.
 * Whether an input is valid is istioctl's call at test time: when it refuses one we must refuse it too,
 * when it renders one our objects must equal its objects.
 */
export interface ParityCase {
  name: string;
  spec: JsonObject;
  set?: string[];
  /** Other flags of `manifest generate`, e.g. --force. */
  flags?: string[];
}

export const PROFILES = ['default', 'demo', 'minimal', 'empty', 'preview', 'stable'] as const;

const profileCases: ParityCase[] = PROFILES.map((profile) => ({ name: `profile-${profile}`, spec: { profile } }));

const componentCases: ParityCase[] = [
  { name: 'default-no-pilot', spec: { components: { pilot: { enabled: false } } } },
  { name: 'default-no-base', spec: { components: { base: { enabled: false } } } },
  { name: 'default-no-ingress', spec: { components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }] } } },
  { name: 'default-with-egress', spec: { components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] } } },
  { name: 'demo-no-egress', spec: { profile: 'demo', components: { egressGateways: [{ name: 'istio-egressgateway', enabled: false }] } } },
  { name: 'minimal-with-ingress', spec: { profile: 'minimal', components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] } } },
  { name: 'empty-with-base', spec: { profile: 'empty', components: { base: { enabled: true } } } },
  { name: 'empty-with-pilot', spec: { profile: 'empty', components: { pilot: { enabled: true } } } },
  { name: 'values-egress-enabled', spec: { values: { gateways: { 'istio-egressgateway': { enabled: true } } } } },
  { name: 'values-one-key', spec: { values: { global: { logAsJson: true } } } },
  { name: 'bare-values', spec: { values: null } },
  { name: 'bare-values-demo', spec: { profile: 'demo', values: null } },
];

/** Where each k8s sample goes: the component's path in the spec. */
const K8S_TARGETS: { name: string; place: (k8s: JsonObject) => JsonObject }[] = [
  { name: 'pilot', place: (k8s) => ({ components: { pilot: { k8s } } }) },
  { name: 'ingress', place: (k8s) => ({ components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, k8s }] } }) },
  {
    name: 'egress',
    place: (k8s) => ({ profile: 'demo', components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true, k8s }] } }),
  },
];

const k8sCases: ParityCase[] = K8S_TARGETS.flatMap((target) =>
  Object.entries(K8S_SAMPLES).map(([sample, k8s]) => ({ name: `k8s-${target.name}-${sample}`, spec: target.place(k8s) })),
);

const overlayCases: ParityCase[] = [
  {
    name: 'overlay-pilot',
    spec: {
      components: {
        pilot: {
          k8s: {
            overlays: [
              {
                kind: 'Deployment',
                name: 'istiod',
                patches: [
                  { path: 'spec.template.spec.containers.[name:discovery].args[-1]', value: '--log_output_level=default:debug' },
                  { path: 'metadata.labels.parity', value: 'overlay' },
                ],
              },
              { kind: 'Service', name: 'istiod', patches: [{ path: 'spec.ports.[name:grpc-xds]' }] },
            ],
          },
        },
      },
    },
  },
  {
    name: 'overlay-gateway',
    spec: {
      components: {
        ingressGateways: [
          {
            name: 'istio-ingressgateway',
            enabled: true,
            k8s: {
              overlays: [
                { kind: 'Service', name: 'istio-ingressgateway', patches: [{ path: 'spec.externalTrafficPolicy', value: 'Local' }] },
                { kind: 'Deployment', name: 'istio-ingressgateway', patches: [{ path: 'spec.template.spec.hostNetwork', value: true }] },
              ],
            },
          },
        ],
      },
    },
  },
];

const meshCases: ParityCase[] = [
  {
    name: 'mesh-config',
    spec: {
      meshConfig: {
        accessLogFile: '/dev/stdout',
        enableTracing: true,
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
        defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' }, holdApplicationUntilProxyStarts: true },
        extensionProviders: [{ name: 'otel', opentelemetry: { service: 'otel.observability.svc.cluster.local', port: 4317 } }],
      },
    },
  },
  { name: 'mesh-config-demo-merge', spec: { profile: 'demo', meshConfig: { accessLogEncoding: 'JSON', defaultConfig: { concurrency: 2 } } } },
  { name: 'mesh-config-values', spec: { values: { meshConfig: { trustDomain: 'parity.local' } }, meshConfig: { enablePrometheusMerge: false } } },
  // global.meshID reaches the mesh config (defaultConfig.meshId), the injector values and the gateways.
  { name: 'mesh-id', spec: { profile: 'demo' }, set: ['values.global.meshID=mesh1'] },
  { name: 'mesh-id-own-default-config', spec: { values: { global: { meshID: 'mesh1' } }, meshConfig: { defaultConfig: { meshId: 'mine' } } } },
];

const imageCases: ParityCase[] = [
  { name: 'hub-tag-global', spec: { hub: 'registry.example/istio', tag: '1.27.9-distroless' } },
  { name: 'hub-tag-pilot', spec: { components: { pilot: { hub: 'registry.example/pilot', tag: 'p1' } } } },
  {
    name: 'hub-tag-gateway',
    spec: { components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, hub: 'registry.example/gw', tag: 'g1' }] } },
  },
  { name: 'values-image', spec: { values: { pilot: { image: 'registry.example/custom-pilot:7' }, global: { variant: 'distroless' } } } },
];

const revisionCases: ParityCase[] = [
  { name: 'revision-canary', spec: { revision: 'canary' } },
  { name: 'revision-minimal', spec: { profile: 'minimal', revision: '1-27-9' } },
  { name: 'revision-default-revision', spec: { profile: 'minimal', revision: 'canary', values: { defaultRevision: 'canary' } } },
  // Revision tags: a tag's own webhook configuration (and, from 1.28, Service); `default` takes the legacy selectors.
  { name: 'revision-tags', spec: { profile: 'minimal', revision: '1-31-0', values: { revisionTags: ['prod-stable', 'default'] } } },
  { name: 'revision-tags-namespace', spec: { profile: 'minimal', revision: 'canary', values: { revisionTags: ['default'], global: { istioNamespace: 'mesh' }, sidecarInjectorWebhook: { enableNamespacesByDefault: true } } } },
  { name: 'revision-tags-default-revision', spec: { profile: 'minimal', values: { revisionTags: ['prod'], pilot: { serviceAnnotations: { team: 'mesh' } } } } },
  { name: 'revision-tags-webhooks-managed', spec: { profile: 'minimal', revision: 'canary', values: { revisionTags: ['default'], global: { operatorManageWebhooks: true } } } },
];

const namespaceCases: ParityCase[] = [
  { name: 'namespace-pilot', spec: { components: { pilot: { namespace: 'istio-control' } } } },
  { name: 'namespace-values', spec: { values: { global: { istioNamespace: 'istio-control' } } } },
  { name: 'namespace-spec', spec: { namespace: 'istio-control' } },
  {
    name: 'namespace-gateway',
    spec: { components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, namespace: 'istio-ingress' }] } },
  },
];

const scalingCases: ParityCase[] = [
  { name: 'autoscale-off', spec: { values: { pilot: { autoscaleEnabled: false } } } },
  { name: 'autoscale-null', spec: { values: { pilot: { autoscaleEnabled: null } } } },
  { name: 'autoscale-bounds', spec: { values: { pilot: { autoscaleMin: 2, autoscaleMax: 8, cpu: { targetAverageUtilization: 70 } } } } },
  { name: 'autoscale-gateway-off', spec: { values: { gateways: { 'istio-ingressgateway': { autoscaleEnabled: false } } } } },
  {
    name: 'hpa-deprecated-utilization',
    spec: { components: { pilot: { k8s: { hpaSpec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 80 } }] } } } } },
  },
  {
    name: 'hpa-deprecated-average-value',
    spec: { components: { pilot: { k8s: { hpaSpec: { metrics: [{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '1Gi' } }] } } } } },
  },
  // What the refusal of the v2beta1 spelling points to: the autoscaling/v2 one renders.
  {
    name: 'hpa-v2-average-value',
    spec: { components: { pilot: { k8s: { hpaSpec: { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } }] } } } } },
  },
];

const gatewayCases: ParityCase[] = [
  {
    name: 'gateway-custom',
    spec: {
      components: {
        ingressGateways: [
          { name: 'istio-ingressgateway', enabled: true },
          {
            name: 'internal-gw',
            enabled: true,
            label: { istio: 'internal-gw', app: 'internal', team: 'mesh' },
            k8s: {
              service: {
                type: 'ClusterIP',
                ports: [
                  { name: 'status-port', port: 15021, targetPort: 15021 },
                  { name: 'https', port: 8443, targetPort: 8443 },
                ],
              },
            },
          },
        ],
      },
    },
  },
  {
    name: 'gateway-egress-custom',
    spec: {
      components: {
        egressGateways: [{ name: 'egress-two', enabled: true, namespace: 'istio-egress', label: { istio: 'egress-two' } }],
      },
    },
  },
];

const setCases: ParityCase[] = [
  { name: 'set-values', spec: {}, set: ['values.global.proxy.privileged=true', 'values.pilot.env.PARITY_FLAG=on'] },
  { name: 'set-mesh', spec: {}, set: ['meshConfig.accessLogFile=/dev/stdout', 'meshConfig.defaultConfig.tracing.sampling=5'] },
  { name: 'set-component', spec: {}, set: ['components.ingressGateways[0].name=istio-ingressgateway', 'components.ingressGateways[0].k8s.replicaCount=4'] },
  { name: 'set-nameless-gateway', spec: {}, set: ['components.egressGateways[0].enabled=true'] },
  { name: 'set-selector', spec: { components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] } }, set: ['components.ingressGateways[name:istio-ingressgateway].k8s.replicaCount=2'] },
  { name: 'set-profile', spec: {}, set: ['profile=demo', 'values.global.logging.level=default:debug'] },
  { name: 'force-unknown-value', spec: { values: { global: { notAValue: true }, pilot: { traceSampling: 5 } } }, flags: ['--force'] },
];

/** Values istioctl's charts read (issue 9): each must change the render as upstream's does. */
const valueCases: ParityCase[] = [
  { name: 'value-native-nftables', spec: { values: { global: { nativeNftables: true } } } },
  { name: 'value-mount-mtls-certs', spec: { values: { global: { mountMtlsCerts: true } } } },
  { name: 'value-ca-name', spec: { values: { global: { caName: 'parity-ca' } } } },
  { name: 'value-cert-signers', spec: { values: { pilot: { env: { EXTERNAL_CA: 'ISTIOD_RA_KUBERNETES_API' } }, global: { certSigners: ['clusterissuers.cert-manager.io/parity'] } } } },
  { name: 'value-proxy-tracer', spec: { values: { global: { proxy: { tracer: 'zipkin' } } } } },
  { name: 'value-outlier-log', spec: { values: { global: { proxy: { outlierLogPath: '/dev/stdout' } } } } },
  { name: 'value-force-iptables', spec: { values: { global: { proxy_init: { forceApplyIptables: true } } } } },
  { name: 'value-pilot-misc', spec: { values: { pilot: { traceSampling: 10, env: { PILOT_ENABLE_STATUS: 'true' }, podLabels: { team: 'mesh' } } } } },
  // values.cni is the istiod chart's own cni setting too: it reaches the injector's pilot.cni.
  // The untaint controller's namespace reaches istiod's arguments.
  { name: 'value-pilot-taint-namespace', spec: { values: { pilot: { taint: { enabled: true, namespace: 'kube-system' } } } } },
  { name: 'value-cni-provider', spec: { values: { cni: { provider: 'multus', excludeNamespaces: ['legacy'] } } } },
  { name: 'value-global-misc', spec: { values: { global: { logAsJson: true, priorityClassName: 'system-node-critical', imagePullSecrets: ['regcred'] } } } },
];

/** Values new in Istio 1.28-1.30: NetworkPolicies, resource scopes, the reader RBAC switch, CRL, untaint, PDB rule. */
const release130Cases: ParityCase[] = [
  {
    name: 'value-network-policy',
    spec: { revision: 'canary', components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] }, values: { global: { networkPolicy: { enabled: true } } } },
  },
  { name: 'value-resource-scope-namespace', spec: { values: { global: { resourceScope: 'namespace' } } } },
  { name: 'value-resource-scope-cluster', spec: { values: { global: { resourceScope: 'cluster' }, experimental: { stableValidationPolicy: true } } } },
  { name: 'value-reader-rbac-off', spec: { values: { global: { enableReaderRBAC: false } } } },
  { name: 'value-pilot-crl-taint', spec: { values: { pilot: { crlConfigMapName: 'my-crl', taint: { enabled: true, name: 'example.com/not-ready' } } } } },
  { name: 'value-proxy-seccomp', spec: { values: { global: { proxy: { seccompProfile: { type: 'RuntimeDefault' } } } } } },
  // A PodDisruptionBudget only above one replica: by autoscaleMin with autoscaling, by replicaCount without.
  {
    name: 'value-pdb-two-replicas',
    spec: {
      components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] },
      values: { pilot: { autoscaleMin: 2 }, gateways: { 'istio-egressgateway': { autoscaleEnabled: false, replicaCount: 2 } } },
    },
  },
  { name: 'value-resources-null-limit', spec: { values: { pilot: { resources: { limits: { cpu: null, memory: '4Gi' } } } } } },
  { name: 'compat-1.25', spec: { compatibilityVersion: '1.25' } },
  { name: 'compat-1.28-values', spec: { values: { compatibilityVersion: '1.28' } } },
  { name: 'bad-compat-1.24', spec: { compatibilityVersion: '1.24' } },
  { name: 'bad-values-k8s-struct', spec: { values: { pilot: { tolerations: [{ notAField: 'x' }] } } } },
];

/**
 * Settings Istio 1.28 added to the node agents and the remote objects: CNI labels, the ambient detection retry,
 * resource scopes and NetworkPolicies with ambient on (1.28 has none for the CNI agent and ztunnel), a remote
 * istiod by IPv4 address (an EndpointSlice from 1.28 on).
 */
const release128Cases: ParityCase[] = [
  { name: 'v128-cni-labels', spec: { profile: 'ambient', values: { cni: { daemonSetLabels: { tier: 'node' }, podLabels: { team: 'mesh' } } } } },
  // In the CNI chart's values from 1.28 on but not in the Values API istioctl checks values against: refused.
  { name: 'v128-cni-detection-retry', spec: { profile: 'ambient', values: { cni: { ambient: { enableAmbientDetectionRetry: true } } } } },
  { name: 'v128-ambient-network-policy', spec: { profile: 'ambient', values: { global: { networkPolicy: { enabled: true } } } } },
  { name: 'v128-ambient-scope-namespace', spec: { profile: 'ambient', values: { global: { resourceScope: 'namespace' } } } },
  { name: 'v128-ambient-scope-cluster', spec: { profile: 'ambient', values: { global: { resourceScope: 'cluster' } } } },
  { name: 'v128-remote-ipv4', spec: { profile: 'remote', values: { global: { remotePilotAddress: '10.0.0.10' } } } },
];

/** Settings Istio 1.28-1.31 added or changed (the 1.31.0 version of the charts reads them). */
const release131Cases: ParityCase[] = [
  { name: 'v131-network-policy', spec: { values: { global: { networkPolicy: { enabled: true } } }, components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] } } },
  { name: 'v131-network-policy-revision', spec: { revision: 'canary', values: { global: { networkPolicy: { enabled: true } } } } },
  { name: 'v131-reader-rbac-off', spec: { values: { global: { enableReaderRBAC: false } } } },
  { name: 'v131-reader-service-account', spec: { values: { global: { readerServiceAccount: { name: 'remote-reader', namespace: 'tools' } } } } },
  { name: 'v131-pilot-taint-crl', spec: { values: { pilot: { taint: { enabled: true, name: 'example.com/cni-not-ready' }, crlConfigMapName: 'my-crl' } } } },
  { name: 'v131-fips', spec: { values: { pilot: { env: { COMPLIANCE_POLICY: 'fips-140-3' } } } } },
  { name: 'v131-resources-values', spec: { values: { pilot: { resources: { requests: { cpu: '2', memory: '' }, limits: { cpu: '4000m', memory: null } } }, gateways: { 'istio-ingressgateway': { resources: { limits: { cpu: '3' }, requests: { cpu: '' } } } } } } },
  { name: 'v131-pdb-from-k8s-hpa', spec: { components: { pilot: { k8s: { hpaSpec: { minReplicas: 2, maxReplicas: 6 } } }, ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, k8s: { hpaSpec: { minReplicas: 3 } } }] } } },
  { name: 'v131-k8s-cpu-copied', spec: { components: { pilot: { k8s: { resources: { limits: { cpu: '1.5' }, requests: { cpu: '250m', memory: '1Gi' } } } } } } },
  { name: 'v131-compat-1.26', spec: { compatibilityVersion: '1.26' } },
  { name: 'v131-compat-1.27', spec: { compatibilityVersion: '1.27' } },
  { name: 'v131-compat-1.30', spec: { compatibilityVersion: '1.30' } },
  { name: 'v131-openshift-pilot', spec: { values: { global: { platform: 'openshift' } } } },
  { name: 'v131-openshift-profile', spec: { profile: 'openshift' } },
  { name: 'v131-ambient-profile', spec: { profile: 'ambient' } },
  { name: 'v131-remote-ipv6', spec: { profile: 'remote', values: { global: { remotePilotAddress: 'fd00::10' } } } },
  { name: 'v131-scope-cluster', spec: { values: { global: { resourceScope: 'cluster' } } } },
  { name: 'v131-scope-namespace', spec: { values: { global: { resourceScope: 'namespace' }, experimental: { stableValidationPolicy: true } } } },
  { name: 'v131-scope-namespace-tags', spec: { revision: 'canary', values: { revisionTags: ['default'], global: { resourceScope: 'namespace' } } } },
  { name: 'v131-scope-cluster-tags', spec: { revision: 'canary', values: { revisionTags: ['default'], global: { resourceScope: 'cluster' } } } },
  { name: 'v131-scope-bad', spec: { values: { global: { resourceScope: 'everything' } } } },
];

/** Inputs istioctl is expected to refuse (checked at test time: if it renders one, we must render it equally). */
const badCases: ParityCase[] = [
  { name: 'bad-unknown-spec-field', spec: { notAField: true } },
  { name: 'bad-unknown-profile', spec: { profile: 'no-such-profile' } },
  { name: 'bad-component-type', spec: { components: { pilot: { enabled: 'maybe' } } } },
  { name: 'bad-k8s-field', spec: { components: { pilot: { k8s: { replicas: 2 } } } } },
  { name: 'bad-revision', spec: { revision: 'Not_Valid' } },
  { name: 'bad-set-path', spec: {}, set: ['components.nothing.enabled=true'] },
];

export const PARITY_MATRIX: readonly ParityCase[] = [
  ...profileCases,
  ...componentCases,
  ...k8sCases,
  ...overlayCases,
  ...meshCases,
  ...imageCases,
  ...revisionCases,
  ...namespaceCases,
  ...scalingCases,
  ...release128Cases,
  ...release130Cases,
  ...release131Cases,
  ...gatewayCases,
  ...setCases,
  ...valueCases,
  ...badCases,
];
