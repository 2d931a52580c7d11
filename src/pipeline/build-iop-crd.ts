import { IOP_GROUP, IOP_KIND, IOP_PLURAL, IOP_VERSION } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { iopSpecSchema } from './iop-schema.js';
import type { SchemaNode } from './schema-nodes.js';

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/**
 * The IstioOperator CRD, its openAPIV3Schema generated from the same schema the operator validates with.
 * Structural rules: every node has a `type` except int-or-string and preserve-unknown-fields nodes.
 */
export function buildIstioOperatorCrd(): KubeObject {
  const schema: JsonObject = {
    type: 'object',
    description: 'Installs and upgrades an Istio control plane, its gateways and optional addons.',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: buildSpecSchema(),
      status: { type: 'object', [PRESERVE]: true, description: 'Observed state, written by the operator.' },
    },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${IOP_PLURAL}.${IOP_GROUP}` },
    spec: {
      group: IOP_GROUP,
      names: { kind: IOP_KIND, listKind: `${IOP_KIND}List`, plural: IOP_PLURAL, singular: 'istiooperator', shortNames: ['iop', 'io'] },
      scope: 'Namespaced',
      versions: [
        {
          name: IOP_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Revision', type: 'string', jsonPath: '.spec.revision', description: 'Istio control plane revision' },
            { name: 'Version', type: 'string', jsonPath: '.status.istioVersion', description: 'Istio release installed' },
            { name: 'Status', type: 'string', jsonPath: '.status.status', description: 'Aggregate installation status' },
            { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: { openAPIV3Schema: schema },
        },
      ],
    },
  };
}

/**
 * `spec.values` stays open in the CRD although the operator checks it key by key: a structural
 * schema would let the apiserver prune an unknown key (only a warning for clients that do not ask
 * for strict field validation), losing a typo silently. Open, the key reaches the operator, which
 * reports it as `Stalled/InvalidSpec` with its path.
 */
function buildSpecSchema(): JsonObject {
  const spec = buildOpenApiSchema(iopSpecSchema);
  const properties = spec.properties as JsonObject;
  properties.values = { type: 'object', [PRESERVE]: true, description: (properties.values as JsonObject).description ?? null };
  return spec;
}

export function buildOpenApiSchema(node: SchemaNode): JsonObject {
  const doc: JsonObject = node.description ? { description: node.description } : {};
  switch (node.kind) {
    case 'object': {
      const properties = Object.fromEntries(Object.entries(node.fields).map(([k, v]) => [k, buildOpenApiSchema(v)]));
      return { type: 'object', ...doc, properties, ...(node.required ? { required: [...node.required] } : {}) };
    }
    case 'map':
      return { type: 'object', ...doc, additionalProperties: buildOpenApiSchema(node.values) };
    case 'list':
      return { type: 'array', ...doc, items: buildOpenApiSchema(node.items), ...(node.maxItems !== undefined ? { maxItems: node.maxItems } : {}) };
    case 'integer':
      return { type: 'integer', ...doc, ...(node.minimum !== undefined ? { minimum: node.minimum } : {}), ...(node.maximum !== undefined ? { maximum: node.maximum } : {}) };
    case 'string':
      return { type: 'string', ...doc, ...(node.maxLength !== undefined ? { maxLength: node.maxLength } : {}) };
    case 'boolean':
    case 'number':
      return { type: node.kind, ...doc };
    case 'intOrString':
      return { 'x-kubernetes-int-or-string': true, ...doc };
    case 'freeObject':
      return { type: 'object', [PRESERVE]: true, ...doc };
    case 'any':
      return { [PRESERVE]: true, ...doc };
  }
}
