import yaml from 'js-yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { compareStrings } from './canonical-json.js';
import { at, list, put, sortedStrings, type Extractor } from './parity-facts-support.js';
import { workloadFacts } from './parity-workload-facts.js';

const service: Extractor = (obj, facts) => {
  put(facts, 'type', at(obj.spec, 'type') ?? 'ClusterIP');
  put(facts, 'selector', at(obj.spec, 'selector'));
  const ports = list(at(obj.spec, 'ports')).map((p) => {
    const out: JsonObject = { name: p.name ?? '', port: p.port ?? null, protocol: p.protocol ?? 'TCP' };
    out.targetPort = p.targetPort ?? p.port ?? null;
    if (p.nodePort !== undefined) out.nodePort = p.nodePort;
    return out;
  });
  ports.sort((a, b) => Number(a.port) - Number(b.port) || compareStrings(String(a.name), String(b.name)));
  facts.ports = ports;
};

const hpa: Extractor = (obj, facts) => {
  put(facts, 'minReplicas', at(obj.spec, 'minReplicas') ?? 1);
  put(facts, 'maxReplicas', at(obj.spec, 'maxReplicas'));
  put(facts, 'metrics', at(obj.spec, 'metrics'));
  put(facts, 'scaleTargetRef', at(obj.spec, 'scaleTargetRef'));
};

const pdb: Extractor = (obj, facts) => {
  put(facts, 'minAvailable', at(obj.spec, 'minAvailable'));
  put(facts, 'maxUnavailable', at(obj.spec, 'maxUnavailable'));
  put(facts, 'selector', at(obj.spec, 'selector', 'matchLabels'));
};

const WEBHOOK_FIELDS = [
  'rules',
  'namespaceSelector',
  'objectSelector',
  'failurePolicy',
  'sideEffects',
  'admissionReviewVersions',
  'reinvocationPolicy',
  'matchPolicy',
] as const;

const webhooks: Extractor = (obj, facts) => {
  const hooks = list(obj.webhooks);
  facts.webhooks = sortedStrings(hooks.map((w) => String(w.name)));
  for (const w of hooks) {
    const prefix = `webhooks.${String(w.name)}`;
    for (const field of WEBHOOK_FIELDS) put(facts, `${prefix}.${field}`, w[field]);
    put(facts, `${prefix}.clientConfig.service`, at(w.clientConfig, 'service'));
    put(facts, `${prefix}.clientConfig.url`, at(w.clientConfig, 'url'));
  }
};

/**
 * Rules as effective grants: one line per `group/resource` (or URL, or resource name) with the union of
 * its verbs, so two roles that split or merge rules differently but grant the same compare equal.
 */
function grantLines(rules: JsonObject[]): string[] {
  const strings = (v: JsonValue | undefined): string[] => (Array.isArray(v) ? v.map(String) : []);
  const grants = new Map<string, Set<string>>();
  const add = (target: string, verbs: string[]): void => {
    const set = grants.get(target) ?? new Set<string>();
    verbs.forEach((v) => set.add(v));
    grants.set(target, set);
  };
  for (const rule of rules) {
    const verbs = strings(rule.verbs);
    const names = strings(rule.resourceNames);
    for (const url of strings(rule.nonResourceURLs)) add(`url:${url}`, verbs);
    for (const group of strings(rule.apiGroups)) {
      for (const resource of strings(rule.resources)) {
        const base = `${group === '' ? 'core' : group}/${resource}`;
        if (names.length === 0) add(base, verbs);
        else names.forEach((n) => add(`${base}[${n}]`, verbs));
      }
    }
  }
  return sortedStrings([...grants].map(([target, verbs]) => `${target}: ${sortedStrings([...verbs]).join(',')}`));
}

const role: Extractor = (obj, facts) => {
  facts.rules = grantLines(list(obj.rules));
};

const binding: Extractor = (obj, facts) => {
  put(facts, 'roleRef', obj.roleRef);
  put(facts, 'subjects', obj.subjects);
};

/** ConfigMap keys whose content istiod reads as data (YAML/JSON), compared parsed. */
const PARSED_KEYS = ['mesh', 'meshNetworks', 'values'] as const;

const configMap: Extractor = (obj, facts) => {
  const data = isJsonObject(obj.data ?? null) ? (obj.data as JsonObject) : {};
  facts.keys = sortedStrings(Object.keys(data));
  for (const key of PARSED_KEYS) {
    const text = data[key];
    if (typeof text === 'string') put(facts, `data.${key}`, yaml.load(text) as JsonValue);
  }
  if (typeof data.config === 'string') put(facts, 'data.config', injectorConfigFacts(yaml.load(data.config) as JsonValue));
};

/**
 * The injector `config` without template text: its policy and selectors, and which templates exist
 * (pods and istiod's gateway controller ask for templates by name), not what they say.
 */
function injectorConfigFacts(config: JsonValue): JsonValue | undefined {
  if (!isJsonObject(config)) return undefined;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(config)) if (key !== 'templates' && key !== 'template') out[key] = value;
  out.templateNames = sortedStrings(Object.keys(isJsonObject(config.templates ?? null) ? (config.templates as JsonObject) : {}));
  return out;
}

const serviceAccount: Extractor = (obj, facts) => put(facts, 'imagePullSecrets', obj.imagePullSecrets);

/** CRD identity and served versions; schemas are deliberately not compared. */
const crd: Extractor = (obj, facts) => {
  put(facts, 'group', at(obj.spec, 'group'));
  put(facts, 'kind', at(obj.spec, 'names', 'kind'));
  put(facts, 'scope', at(obj.spec, 'scope'));
  const versions = list(at(obj.spec, 'versions'));
  facts.servedVersions = sortedStrings(versions.filter((v) => v.served === true).map((v) => String(v.name)));
  put(facts, 'storageVersion', versions.find((v) => v.storage === true)?.name);
};

export const FIELD_EXTRACTORS: Readonly<Record<string, Extractor>> = {
  Deployment: workloadFacts,
  DaemonSet: workloadFacts,
  StatefulSet: workloadFacts,
  Service: service,
  HorizontalPodAutoscaler: hpa,
  PodDisruptionBudget: pdb,
  MutatingWebhookConfiguration: webhooks,
  ValidatingWebhookConfiguration: webhooks,
  ClusterRole: role,
  Role: role,
  ClusterRoleBinding: binding,
  RoleBinding: binding,
  ConfigMap: configMap,
  ServiceAccount: serviceAccount,
  CustomResourceDefinition: crd,
};
