import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { buildIstioOperatorCrd, buildOpenApiSchema } from './build-iop-crd.js';
import { free, intOrStr, list, map, obj, str, uint } from './schema-nodes.js';

const CRD_FILE = fileURLToPath(new URL('../../crds/istio-operator.yaml', import.meta.url));
const REGENERATE = 'UPDATE_CRD=1 npx vitest run src/pipeline/build-iop-crd.test.ts';

const dumpCrd = (): string => yaml.dump(buildIstioOperatorCrd(), { sortKeys: true, lineWidth: -1, noRefs: true });

const spec = (): JsonObject => buildIstioOperatorCrd().spec as JsonObject;
const version = (): JsonObject => (spec().versions as JsonObject[])[0] as JsonObject;
const root = (): JsonObject => (version().schema as JsonObject).openAPIV3Schema as JsonObject;
const at = (schema: JsonObject, ...keys: string[]): JsonObject =>
  keys.reduce((node, k) => (node.properties as JsonObject)[k] as JsonObject, schema);

describe('crds/istio-operator.yaml', () => {
  it('matches the generated CRD', () => {
    const generated = dumpCrd();
    if (process.env.UPDATE_CRD === '1') writeFileSync(CRD_FILE, generated);
    const onDisk = existsSync(CRD_FILE) ? readFileSync(CRD_FILE, 'utf8') : '';
    expect(onDisk === generated, `crds/istio-operator.yaml is out of date; regenerate it with: ${REGENERATE}`).toBe(true);
  });
});

describe('buildIstioOperatorCrd', () => {
  it('names the resource like Istio does', () => {
    const crd = buildIstioOperatorCrd();
    expect(crd.metadata.name).toBe('istiooperators.install.istio.io');
    expect(spec()).toMatchObject({
      group: 'install.istio.io',
      scope: 'Namespaced',
      names: { kind: 'IstioOperator', plural: 'istiooperators', singular: 'istiooperator', shortNames: ['iop', 'io'] },
    });
    expect(version()).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
    expect((version().additionalPrinterColumns as JsonObject[]).map((c) => [c.name, c.jsonPath])).toEqual([
      ['Revision', '.spec.revision'],
      ['Version', '.status.istioVersion'],
      ['Status', '.status.status'],
      ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
      ['Age', '.metadata.creationTimestamp'],
    ]);
  });

  it('types the spec and leaves the free-form parts open', () => {
    const s = root();
    expect(at(s, 'status')).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(at(s, 'spec', 'tag')).toMatchObject({ 'x-kubernetes-int-or-string': true });
    expect(at(s, 'spec', 'meshConfig')).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(at(s, 'spec', 'components', 'pilot', 'k8s', 'replicaCount')).toEqual({ type: 'integer', minimum: 0 });
    // values stays open so an unknown key reaches the operator (and its status) instead of being pruned.
    expect(at(s, 'spec', 'values')).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(at(s, 'spec', 'values').properties).toBeUndefined();
    const overlays = at(s, 'spec', 'components', 'pilot', 'k8s', 'overlays');
    const overlay = overlays.items as JsonObject;
    expect(overlay.required).toEqual(['kind', 'name']);
    // The validator's caps, so the apiserver refuses an oversized IstioOperator first.
    expect(overlays.maxItems).toBe(64);
    expect((overlay.properties as JsonObject).patches).toMatchObject({ maxItems: 64 });
    expect(at(overlay, 'name')).toMatchObject({ maxLength: 253 });
    expect(at(s, 'spec', 'components', 'ingressGateways')).toMatchObject({ maxItems: 16 });
    expect(at(s, 'spec', 'components', 'egressGateways')).toMatchObject({ maxItems: 16 });
    expect(at(s, 'spec', 'hub')).toMatchObject({ maxLength: 65536 });
  });

  it.each<[string, ReturnType<typeof obj>, JsonObject]>([
    ['object', obj({ a: str() }, ['a']), { type: 'object', properties: { a: { type: 'string', maxLength: 65536 } }, required: ['a'] }],
    ['map', map(str(10)), { type: 'object', additionalProperties: { type: 'string', maxLength: 10 } }],
    ['list', list(uint()), { type: 'array', items: { type: 'integer', minimum: 0 } }],
    ['capped list', list(uint(), 3), { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 3 }],
    ['intOrString', intOrStr(), { 'x-kubernetes-int-or-string': true }],
    ['freeObject', free(), { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }],
  ])('converts a %s node', (_name, node, expected) => {
    expect(buildOpenApiSchema(node)).toEqual(expected);
  });

  it('follows the structural schema rules of Kubernetes', () => {
    expect(structuralProblems(root(), 'openAPIV3Schema')).toEqual([]);
  });
});

/** The rules an apiserver enforces on a structural schema that matter for what we generate. */
function structuralProblems(node: JsonValue, path: string): string[] {
  if (!isJsonObject(node)) return [`${path}: not a mapping`];
  const problems: string[] = [];
  const open = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-int-or-string'] === true;
  if (typeof node.type !== 'string' && !open) problems.push(`${path}: no type`);
  if (node.properties !== undefined && node.additionalProperties !== undefined) problems.push(`${path}: properties and additionalProperties`);
  if (node.type === 'array' && node.items === undefined) problems.push(`${path}: array without items`);
  if (node.type !== 'object' && (node.properties !== undefined || node.additionalProperties !== undefined)) problems.push(`${path}: properties on a non-object`);
  if (node['x-kubernetes-int-or-string'] === true && node.type !== undefined) problems.push(`${path}: int-or-string with a type`);
  for (const forbidden of ['$ref', 'uniqueItems', 'additionalItems', 'patternProperties', 'definitions', 'dependencies', 'default']) {
    if (node[forbidden] !== undefined) problems.push(`${path}: ${forbidden}`);
  }
  const required = Array.isArray(node.required) ? node.required : [];
  for (const r of required) if (!isJsonObject(node.properties ?? null) || (node.properties as JsonObject)[r as string] === undefined) problems.push(`${path}: required ${String(r)} is not a property`);
  for (const [k, child] of Object.entries((node.properties ?? {}) as JsonObject)) problems.push(...structuralProblems(child, `${path}.${k}`));
  if (isJsonObject(node.additionalProperties ?? null)) problems.push(...structuralProblems(node.additionalProperties as JsonObject, `${path}.*`));
  if (node.items !== undefined) problems.push(...structuralProblems(node.items, `${path}[]`));
  return problems;
}
