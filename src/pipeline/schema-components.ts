import { anyValue, bool, describe, fieldsOf, free, freeList, intOrStr, list, obj, str, stringMap, uint, type SchemaNode } from './schema-nodes.js';

/** `overlays[]`: patches for one rendered object of the component, found by kind and name. */
const overlay = obj(
  {
    apiVersion: str(),
    kind: str(),
    name: str(),
    patches: list(obj({ path: str(), value: describe(anyValue(), 'The new value; absent or null deletes the node at path.') }, ['path'])),
  },
  ['kind', 'name'],
);

/**
 * `components.*.k8s`. The Kubernetes API structs (affinity, resources, service, ...) stay free-form: the
 * apiserver validates them again when the patched objects are applied.
 */
export const k8sSettings: SchemaNode = obj({
  ...fieldsOf(free, 'affinity', 'hpaSpec', 'podDisruptionBudget', 'readinessProbe', 'resources', 'service', 'strategy', 'securityContext'),
  ...fieldsOf(freeList, 'env', 'tolerations', 'volumes', 'volumeMounts'),
  ...fieldsOf(stringMap, 'nodeSelector', 'podAnnotations', 'serviceAnnotations'),
  ...fieldsOf(str, 'imagePullPolicy', 'priorityClassName'),
  replicaCount: uint(),
  overlays: list(overlay),
});

const baseComponent = obj({ enabled: bool(), k8s: k8sSettings });

const component = obj({ enabled: bool(), namespace: str(), hub: str(), tag: intOrStr(), k8s: k8sSettings });

const gateway = obj({
  name: str(),
  label: stringMap(),
  enabled: bool(),
  namespace: str(),
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
  ingressGateways: list(gateway),
  egressGateways: list(gateway),
});

const addon = obj({ enabled: bool(), namespace: str(), k8s: k8sSettings });

export const addonComponents: SchemaNode = describe(
  obj({ prometheus: addon, grafana: addon, kiali: addon, jaeger: addon }),
  'Observability addons (an extension of this operator): each is installed only when enabled is true.',
);
