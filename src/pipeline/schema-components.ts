import { INPUT_LIMITS } from './input-limits.js';
import { anyValue, bool, describe, fieldsOf, free, freeList, intIn, intOrStr, list, name, obj, str, stringMap, strList, uint, type SchemaNode } from './schema-nodes.js';

/** `overlays[]`: patches for one rendered object of the component, found by kind and name. */
const overlay = obj(
  {
    apiVersion: name(),
    kind: name(),
    name: name(),
    patches: list(
      obj({ path: str(INPUT_LIMITS.pathLength), value: describe(anyValue(), 'The new value; absent or null deletes the node at path.') }, ['path']),
      INPUT_LIMITS.patchesPerOverlay,
    ),
  },
  ['kind', 'name'],
);

/**
 * `hpaSpec` is an autoscaling/v2 HorizontalPodAutoscalerSpec: its metric sources are typed so that the
 * v2beta1 spellings istioctl 1.27 refuses (`targetAverageUtilization`, `targetAverageValue`) are refused
 * here too, naming the field, instead of reaching an apiserver that rejects the HPA.
 */
const metricSource = (extra: Record<string, SchemaNode>): SchemaNode =>
  obj({ ...extra, target: describe(free(), 'autoscaling/v2 MetricTarget: {type: Utilization|AverageValue|Value, averageUtilization|averageValue|value}.') });
const hpaSpec = obj({
  ...fieldsOf(uint, 'minReplicas', 'maxReplicas'),
  ...fieldsOf(free, 'scaleTargetRef', 'behavior'),
  metrics: list(
    obj({
      type: str(),
      resource: metricSource({ name: str() }),
      containerResource: metricSource({ name: str(), container: str() }),
      pods: metricSource({ metric: free() }),
      object: metricSource({ metric: free(), describedObject: free() }),
      external: metricSource({ metric: free() }),
    }),
  ),
});

/**
 * `k8s.service`: a Kubernetes ServiceSpec. Its ports are checked here (a port outside 1-65535 is refused
 * before anything renders, not by the apiserver halfway through an apply); the rest stays loose, the
 * apiserver validates it when the Service is applied.
 */
const servicePort = obj({ name: str(), protocol: str(), appProtocol: str(), port: intIn(1, 65535), targetPort: intOrStr(), nodePort: intIn(0, 65535) });
const serviceSpec: SchemaNode = obj({
  ports: list(servicePort),
  ...fieldsOf(str, 'type', 'clusterIP', 'externalName', 'externalTrafficPolicy', 'internalTrafficPolicy', 'ipFamilyPolicy', 'loadBalancerClass', 'loadBalancerIP', 'sessionAffinity', 'trafficDistribution'),
  ...fieldsOf(strList, 'clusterIPs', 'externalIPs', 'ipFamilies', 'loadBalancerSourceRanges'),
  ...fieldsOf(bool, 'allocateLoadBalancerNodePorts', 'publishNotReadyAddresses'),
  selector: stringMap(),
  healthCheckNodePort: intIn(0, 65535),
  sessionAffinityConfig: free(),
});

/**
 * `components.*.k8s`. The other Kubernetes API structs (affinity, resources, ...) stay free-form: the
 * apiserver validates them again when the patched objects are applied.
 */
export const k8sSettings: SchemaNode = obj({
  hpaSpec,
  service: serviceSpec,
  ...fieldsOf(free, 'affinity', 'podDisruptionBudget', 'readinessProbe', 'resources', 'strategy', 'securityContext'),
  ...fieldsOf(freeList, 'env', 'tolerations', 'volumes', 'volumeMounts'),
  ...fieldsOf(stringMap, 'nodeSelector', 'podAnnotations', 'serviceAnnotations'),
  ...fieldsOf(str, 'imagePullPolicy', 'priorityClassName'),
  replicaCount: uint(),
  overlays: list(overlay, INPUT_LIMITS.overlaysPerComponent),
});

const baseComponent = obj({ enabled: bool(), k8s: k8sSettings });

const component = obj({ enabled: bool(), namespace: name(), hub: str(), tag: intOrStr(), k8s: k8sSettings });

const gateway = obj({
  name: name(),
  label: stringMap(),
  enabled: bool(),
  namespace: name(),
  hub: str(),
  tag: intOrStr(),
  k8s: k8sSettings,
});

export const components: SchemaNode = obj({
  base: baseComponent,
  pilot: component,
  cni: component,
  ztunnel: component,
  istiodRemote: describe(component, 'Not a component in Istio 1.27: only `enabled: false` is accepted. For a remote cluster use profile remote (values.istiodRemote.enabled).'),
  ingressGateways: list(gateway, INPUT_LIMITS.gatewaysPerList),
  egressGateways: list(gateway, INPUT_LIMITS.gatewaysPerList),
});

const addon = obj({ enabled: bool(), namespace: name(), k8s: k8sSettings });

export const addonComponents: SchemaNode = describe(
  obj({ prometheus: addon, grafana: addon, kiali: addon, jaeger: addon }),
  'Observability addons (an extension of this operator): each is installed only when enabled is true.',
);
