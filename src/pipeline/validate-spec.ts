import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import { IOP_API_VERSION, IOP_KIND, type GatewaySpec, type IstioOperatorSpec } from '../api/istio-operator.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { checkChartSelectors } from './check-chart-selectors.js';
import { checkInputTree } from './check-input-tree.js';
import { checkK8sStructs } from './check-k8s-structs.js';
import { collectForcedValues } from './forced-values.js';
import { INPUT_LIMITS, SPEC_TREE_LIMITS } from './input-limits.js';
import type { SpecRules } from './pack-spec-rules.js';
import { checkSchema, describeValue } from './schema-check.js';

/** The values of the Values API's ResourceScope enum: which objects the charts render. */
const RESOURCE_SCOPES = ['undefined', 'all', 'cluster', 'namespace'] as const;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GATEWAY_NAME = /^[a-z0-9.-]{1,254}$/;
const GATEWAY_LISTS = [
  { key: 'ingressGateways', root: 'istio-ingressgateway' },
  { key: 'egressGateways', root: 'istio-egressgateway' },
] as const;

/**
 * Checks the envelope of an IstioOperator document and that its spec is safe to walk and copy (no
 * reserved keys, bounded size and depth); the spec's content is checked by validateSpec.
 */
export function validateDocument(doc: unknown): Result<JsonObject> {
  if (!isJsonObject(doc as JsonValue)) return fail([{ path: '', reason: `expected an IstioOperator mapping, got ${describeValue(doc)}` }]);
  const d = doc as JsonObject;
  const errors: FieldError[] = [];
  if (d.apiVersion !== IOP_API_VERSION) errors.push({ path: 'apiVersion', reason: `expected "${IOP_API_VERSION}", got ${describeValue(d.apiVersion)}` });
  if (d.kind !== IOP_KIND) errors.push({ path: 'kind', reason: `expected "${IOP_KIND}", got ${describeValue(d.kind)}` });
  if (d.spec !== undefined && d.spec !== null && !isJsonObject(d.spec)) errors.push({ path: 'spec', reason: `expected a mapping, got ${describeValue(d.spec)}` });
  else errors.push(...checkInputTree(d.spec, 'spec', SPEC_TREE_LIMITS));
  return errors.length > 0 ? fail(errors) : ok(d);
}

/**
 * Checks a (merged) spec against the schema and the rules a schema cannot express, reporting every problem
 * with its path from `spec`. The result drops `null` fields (null means unset).
 */
export function validateSpec(spec: unknown, rules: SpecRules, forced?: { warnings: string[]; values?: JsonObject }): Result<IstioOperatorSpec> {
  const errors: FieldError[] = [];
  const checked = checkSchema(spec ?? {}, rules.schema, 'spec', errors);
  // istioctl's --force: schema problems (unknown fields, wrong types) become warnings and the offending
  // fields are left out of the render; problems that would break the render itself (a bad revision) stay
  // errors. Unknown `values` keys are still published in the istiod chart's values copies, as istioctl does.
  if (forced && checked !== undefined) {
    forced.values = collectForcedValues(spec, errors);
    forced.warnings.push(...errors.map((e) => `${e.path}: ${e.reason} (ignored: --force)`));
    errors.length = 0;
  }
  // Kubernetes structs inside values (tolerations, affinity, ...): istioctl decodes them strictly.
  if (!forced && checked !== undefined) errors.push(...checkK8sStructs((checked as IstioOperatorSpec).values));
  if (checked !== undefined) errors.push(...checkSemantics(checked as IstioOperatorSpec, rules.compatibilityVersions));
  return errors.length > 0 ? fail(errors) : ok(checked as IstioOperatorSpec);
}

function checkSemantics(spec: IstioOperatorSpec, versions: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  const values = spec.values ?? {};
  for (const [path, revision] of [['spec.revision', spec.revision], ['spec.values.revision', values.revision]] as const) {
    if (typeof revision === 'string' && revision !== '' && !(DNS1123_LABEL.test(revision) && revision.length <= 63)) {
      errors.push({ path, reason: `invalid revision ${JSON.stringify(revision)}: must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)` });
    }
  }
  for (const [path, version] of [['spec.compatibilityVersion', spec.compatibilityVersion], ['spec.values.compatibilityVersion', values.compatibilityVersion]] as const) {
    if (typeof version === 'string' && version !== '' && !versions.includes(version)) {
      errors.push({ path, reason: `unsupported compatibility version ${JSON.stringify(version)} (supported: ${versions.join(', ')})` });
    }
  }
  // The Values API's ResourceScope enum (where a release accepts global.resourceScope at all).
  const scope = isJsonObject(values.global ?? null) ? (values.global as JsonObject).resourceScope : undefined;
  if (scope !== undefined && scope !== null && !(RESOURCE_SCOPES as readonly unknown[]).includes(scope)) {
    errors.push({ path: 'spec.values.global.resourceScope', reason: `unknown resource scope ${JSON.stringify(scope)} (one of: ${RESOURCE_SCOPES.join(', ')})` });
  }
  errors.push(...checkChartSelectors(spec), ...checkOverlayPatchTotal(spec));
  for (const { key, root } of GATEWAY_LISTS) {
    const entries = spec.components?.[key] ?? [];
    const gatewayValues = isJsonObject(values.gateways ?? null) ? (values.gateways as JsonObject)[root] : undefined;
    const runAsRoot = isJsonObject(gatewayValues ?? null) && (gatewayValues as JsonObject).runAsRoot === true;
    errors.push(...checkGateways(entries, `spec.components.${key}`, root, runAsRoot));
  }
  return errors;
}

function checkGateways(entries: (GatewaySpec | null)[], listPath: string, root: string, runAsRoot: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (entry === null) return; // already reported by the schema check
    const path = `${listPath}[${i}]`;
    if (entry.name === undefined || entry.name === '') {
      errors.push({ path: `${path}.name`, reason: 'required: every gateway entry needs a name (it names the rendered objects)' });
    } else if (!GATEWAY_NAME.test(entry.name)) {
      errors.push({ path: `${path}.name`, reason: `invalid gateway name ${JSON.stringify(entry.name)}: use 1-254 lowercase letters, digits, "." or "-"` });
    } else if (seen.has(entry.name)) {
      errors.push({ path: `${path}.name`, reason: `duplicate gateway name ${JSON.stringify(entry.name)}` });
    } else {
      seen.add(entry.name);
    }
    if (entry.enabled !== false && !runAsRoot) errors.push(...checkPrivilegedPorts(entry, path, root));
  });
  return errors;
}

/** A gateway runs as uid 1337, so a Service port forwarding to a target below 1024 could never bind. */
function checkPrivilegedPorts(entry: GatewaySpec, path: string, root: string): FieldError[] {
  const ports = entry.k8s?.service?.ports;
  if (!Array.isArray(ports)) return [];
  const errors: FieldError[] = [];
  ports.forEach((port, i) => {
    if (!isJsonObject(port)) return;
    const target = port.targetPort ?? port.port;
    if (typeof target !== 'number' || target >= 1024) return;
    const label = `${typeof port.name === 'string' ? port.name : '(unnamed)'}/${String(port.port)}`;
    errors.push({
      path: `${path}.k8s.service.ports[${i}]`,
      reason:
        `port ${label} of gateway ${JSON.stringify(entry.name ?? '')} targets port ${target}, which only root may bind: ` +
        `use a targetPort of 1024 or above, or set values.gateways.${root}.runAsRoot: true`,
    });
  });
  return errors;
}

/** Each overlay patch copies the object it patches, so their total bounds the render's work. */
function checkOverlayPatchTotal(spec: IstioOperatorSpec): FieldError[] {
  const c = spec.components ?? {};
  const a = spec.addonComponents ?? {};
  const settings = [c.base, c.pilot, c.cni, c.ztunnel, c.istiodRemote, ...(c.ingressGateways ?? []), ...(c.egressGateways ?? []), ...Object.values(a)];
  let total = 0;
  for (const s of settings) for (const overlay of s?.k8s?.overlays ?? []) total += overlay?.patches?.length ?? 0;
  const limit = INPUT_LIMITS.overlayPatchesInAll;
  return total > limit ? [{ path: 'spec.components', reason: `${total} overlay patches in all components; the limit is ${limit}` }] : [];
}
