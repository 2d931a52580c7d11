import {
  bool, describe, fieldsOf, free, freeList, intOrStr, list, num, obj, str, stringMap, strList, uint, type SchemaNode,
} from './schema-nodes.js';

/*
 * `spec.values`: the keys the `Values` API of Istio 1.27 accepts (facts §5.4), so that a typo is reported
 * (later releases add and remove keys in their pack.yaml, pack-spec-rules.ts)
 * instead of silently ignored. Keys are the chart spellings (`proxy_init`, `istio_cni`); the lowerCamel
 * aliases istioctl also accepts are not offered. Blocks we do not model are free-form on purpose:
 * meshConfig, gatewayClasses, global.meshNetworks, Kubernetes structs. Keys the charts read
 * but the API does not know go under `spec.unvalidatedValues`.
 */

const utilization = obj({ targetAverageUtilization: uint() });

const proxy = obj({
  ...fieldsOf(str, 'image', 'logLevel', 'componentLogLevel', 'clusterDomain', 'autoInject', 'tracer', 'outlierLogPath'),
  ...fieldsOf(str, 'includeIPRanges', 'excludeIPRanges', 'includeInboundPorts', 'excludeInboundPorts'),
  ...fieldsOf(str, 'includeOutboundPorts', 'excludeOutboundPorts'),
  ...fieldsOf(bool, 'privileged', 'holdApplicationUntilProxyStarts', 'enableCoreDump'),
  ...fieldsOf(uint, 'statusPort', 'readinessFailureThreshold', 'readinessInitialDelaySeconds', 'readinessPeriodSeconds'),
  ...fieldsOf(free, 'resources', 'lifecycle'),
  startupProbe: obj({ enabled: bool(), failureThreshold: uint() }),
});

const global = obj({
  ...fieldsOf(str, 'hub', 'variant', 'istioNamespace', 'imagePullPolicy', 'priorityClassName', 'meshID', 'network'),
  ...fieldsOf(str, 'pilotCertProvider', 'caAddress', 'caName', 'remotePilotAddress', 'platform', 'jwtPolicy'),
  ...fieldsOf(str, 'ipFamilyPolicy', 'trustBundleName'),
  ...fieldsOf(bool, 'logAsJson', 'configValidation', 'externalIstiod', 'configCluster', 'operatorManageWebhooks'),
  ...fieldsOf(bool, 'omitSidecarInjectorConfigMap', 'nativeNftables', 'mountMtlsCerts', 'autoscalingv2API'),
  ...fieldsOf(strList, 'imagePullSecrets', 'certSigners', 'ipFamilies', 'defaultConfigVisibilitySettings', 'podDNSSearchNamespaces'),
  ...fieldsOf(free, 'defaultResources', 'defaultNodeSelector', 'meshNetworks', 'waypoint', 'arch', 'sds', 'sts', 'tracer'),
  tag: intOrStr(),
  // The Values API knows only these two (istioctl 1.27 refuses e.g. forceApplyIptables here).
  proxy_init: obj({ image: str(), resources: free() }),
  defaultTolerations: freeList(),
  logging: obj({ level: str() }),
  defaultPodDisruptionBudget: obj({ enabled: bool() }),
  multiCluster: obj({ enabled: bool(), clusterName: str(), globalDomainSuffix: str(), includeEnvoyFilter: bool() }),
  istiod: obj({ enableAnalysis: bool() }),
  proxy,
});

const pilot = obj({
  ...fieldsOf(bool, 'enabled', 'autoscaleEnabled', 'configMap'),
  ...fieldsOf(uint, 'autoscaleMin', 'autoscaleMax', 'replicaCount'),
  ...fieldsOf(str, 'image', 'hub', 'variant', 'keepaliveMaxServerConnectionAge', 'jwksResolverExtraRootCA'),
  ...fieldsOf(str, 'trustedZtunnelNamespace', 'ipFamilyPolicy'),
  ...fieldsOf(free, 'autoscaleBehavior', 'resources', 'nodeSelector', 'affinity', 'env', 'podAnnotations', 'podLabels'),
  ...fieldsOf(free, 'deploymentLabels', 'serviceAnnotations', 'serviceAccountAnnotations', 'seccompProfile', 'taint', 'istiodRemote'),
  ...fieldsOf(freeList, 'tolerations', 'envVarFrom', 'volumes', 'volumeMounts', 'topologySpreadConstraints'),
  ...fieldsOf(strList, 'extraContainerArgs', 'ipFamilies'),
  ...fieldsOf(intOrStr, 'tag', 'rollingMaxSurge', 'rollingMaxUnavailable'),
  traceSampling: num(),
  cpu: utilization,
  memory: utilization,
  cni: obj({ enabled: bool(), provider: str() }),
});

const gatewayPort = obj({ name: str(), port: uint(), targetPort: intOrStr(), nodePort: uint(), protocol: str() });

/** Fields shared by both gateway roots; ingress adds a few of its own. */
const gatewayFields: Record<string, SchemaNode> = {
  ...fieldsOf(bool, 'enabled', 'autoscaleEnabled', 'customService', 'runAsRoot'),
  ...fieldsOf(uint, 'autoscaleMin', 'autoscaleMax'),
  ...fieldsOf(str, 'name', 'type', 'injectionTemplate', 'ipFamilyPolicy'),
  ...fieldsOf(free, 'resources', 'env', 'nodeSelector', 'podAnnotations', 'serviceAnnotations'),
  ...fieldsOf(freeList, 'tolerations', 'secretVolumes', 'configVolumes', 'additionalContainers', 'meshExpansionPorts'),
  ...fieldsOf(freeList, 'podAntiAffinityLabelSelector', 'podAntiAffinityTermLabelSelector'),
  ...fieldsOf(intOrStr, 'rollingMaxSurge', 'rollingMaxUnavailable'),
  labels: stringMap(),
  ports: list(gatewayPort),
  cpu: utilization,
  memory: utilization,
  serviceAccount: obj({ annotations: free() }),
  ipFamilies: strList(),
};

const ingressGateway = obj({
  ...gatewayFields,
  replicaCount: uint(),
  loadBalancerIP: str(),
  loadBalancerSourceRanges: strList(),
  externalTrafficPolicy: str(),
  ingressPorts: freeList(),
});

const egressGateway = obj(gatewayFields);

/**
 * `values.cni`: the keys of Istio 1.27's CNIConfig that the istio-cni chart reads (deprecated keys it
 * ignores, such as logLevel, privileged and psp_cluster_role, are refused rather than accepted for nothing).
 */
const cni = obj({
  ...fieldsOf(str, 'hub', 'variant', 'image', 'pullPolicy', 'cniBinDir', 'cniConfDir', 'cniConfFileName', 'cniNetnsDir'),
  ...fieldsOf(str, 'provider', 'istioOwnedCNIConfigFileName'),
  ...fieldsOf(bool, 'enabled', 'chained', 'istioOwnedCNIConfig'),
  ...fieldsOf(free, 'affinity', 'env', 'podAnnotations', 'resources', 'seccompProfile'),
  tag: intOrStr(),
  excludeNamespaces: strList(),
  logging: obj({ level: str() }),
  repair: obj({
    ...fieldsOf(bool, 'enabled', 'labelPods', 'repairPods', 'deletePods'),
    ...fieldsOf(str, 'brokenPodLabelKey', 'brokenPodLabelValue', 'initContainerName'),
  }),
  resourceQuotas: obj({ enabled: bool(), pods: uint() }),
  ambient: obj({ ...fieldsOf(bool, 'enabled', 'dnsCapture', 'ipv6', 'reconcileIptablesOnStartup') }),
});

/**
 * `values.ztunnel`: free-form in Istio's API; here the keys the ztunnel chart reads (it sees them at its top
 * level), so that a typo is reported instead of rendering the default.
 */
const ztunnel = obj({
  ...fieldsOf(str, 'hub', 'variant', 'image', 'network', 'resourceName', 'imagePullPolicy', 'revision', 'caAddress', 'xdsAddress'),
  ...fieldsOf(str, 'istioNamespace', 'logLevel', 'trustBundleName', 'platform'),
  ...fieldsOf(free, 'annotations', 'podAnnotations', 'nodeSelector', 'affinity', 'resources', 'env', 'meshConfig', 'seLinuxOptions', 'updateStrategy'),
  ...fieldsOf(freeList, 'volumeMounts', 'volumes', 'tolerations'),
  ...fieldsOf(stringMap, 'labels', 'podLabels'),
  tag: intOrStr(),
  logAsJson: bool(),
  terminationGracePeriodSeconds: uint(),
  imagePullSecrets: strList(),
  resourceQuotas: obj({ enabled: bool(), pods: uint() }),
  multiCluster: obj({ clusterName: str() }),
});

const sidecarInjectorWebhook = obj({
  ...fieldsOf(bool, 'enableNamespacesByDefault', 'rewriteAppHTTPProbe', 'useLegacySelectors'),
  ...fieldsOf(free, 'injectedAnnotations', 'objectSelector', 'templates'),
  ...fieldsOf(freeList, 'neverInjectSelector', 'alwaysInjectSelector'),
  reinvocationPolicy: str(),
  defaultTemplates: strList(),
});

export const valuesSchema: SchemaNode = describe(
  obj({
    ...fieldsOf(str, 'revision', 'ownerName', 'defaultRevision', 'profile', 'compatibilityVersion'),
    ...fieldsOf(free, 'istio_cni', 'meshConfig', 'gatewayClasses', 'istiodRemote'),
    cni,
    ztunnel,
    global,
    pilot,
    gateways: obj({
      'istio-ingressgateway': ingressGateway,
      'istio-egressgateway': egressGateway,
      enabled: bool(),
      securityContext: free(),
      seccompProfile: free(),
    }),
    telemetry: obj({ enabled: bool(), v2: free() }),
    sidecarInjectorWebhook,
    base: obj({
      ...fieldsOf(bool, 'enableCRDTemplates', 'enableIstioConfigCRDs', 'validateGateway'),
      ...fieldsOf(str, 'validationURL', 'validationCABundle'),
      excludedCRDs: strList(),
    }),
    revisionTags: strList(),
    experimental: obj({ stableValidationPolicy: bool() }),
  }),
  'Chart values, checked against the keys the chosen Istio release accepts; use unvalidatedValues for anything else.',
);
