import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { canonicalJson } from './canonical-json.js';
import { at, list, put, sortedStrings, type Extractor, type Facts } from './parity-facts-support.js';

/** Probe fields the API server defaults, filled in so an omitted default equals a spelled-out one. */
function normalizeProbe(probe: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(probe ?? null)) return undefined;
  const p = probe as JsonObject;
  const out: JsonObject = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...p };
  if (isJsonObject(p.httpGet ?? null)) out.httpGet = { scheme: 'HTTP', ...(p.httpGet as JsonObject) };
  return out;
}

/** `fieldRef.apiVersion` defaults to v1 on the server; fill it so omitting it is no difference. */
function normalizeValueFrom(from: JsonValue): JsonValue {
  const fieldRef = at(from, 'fieldRef');
  if (!isJsonObject(fieldRef ?? null)) return from;
  return { ...(from as JsonObject), fieldRef: { apiVersion: 'v1', ...(fieldRef as JsonObject) } };
}

/** Env as a set: `NAME=value` or `NAME<-{valueFrom}`; order carries no meaning to the container. */
function envSet(env: JsonValue | undefined): string[] {
  return sortedStrings(
    list(env).map((e) =>
      e.valueFrom !== undefined
        ? `${String(e.name)}<-${canonicalJson(normalizeValueFrom(e.valueFrom))}`
        : `${String(e.name)}=${String(e.value ?? '')}`,
    ),
  );
}

function containerFacts(prefix: string, c: JsonObject, facts: Facts): void {
  put(facts, `${prefix}.image`, c.image);
  put(facts, `${prefix}.args`, c.args);
  const ports = list(c.ports).map((p) => {
    const name = p.name === undefined ? '' : ` ${String(p.name)}`;
    return `${String(p.containerPort)}/${String(p.protocol ?? 'TCP')}${name}`;
  });
  if (ports.length > 0) facts[`${prefix}.ports`] = sortedStrings(ports);
  put(facts, `${prefix}.readinessProbe`, normalizeProbe(c.readinessProbe));
  put(facts, `${prefix}.livenessProbe`, normalizeProbe(c.livenessProbe));
  put(facts, `${prefix}.resources`, c.resources);
  const env = envSet(c.env);
  if (env.length > 0) facts[`${prefix}.env`] = env;
}

/** Deployments, DaemonSets, StatefulSets: selector, pod labels, and per container image/args/ports/probes/resources/env. */
export const workloadFacts: Extractor = (obj, facts) => {
  const spec = obj.spec;
  put(facts, 'replicas', at(spec, 'replicas'));
  put(facts, 'selector', at(spec, 'selector', 'matchLabels'));
  const podLabels = at(spec, 'template', 'metadata', 'labels');
  put(facts, 'podLabels.app', at(podLabels, 'app'));
  put(facts, 'podLabels.istio', at(podLabels, 'istio'));
  const pod = at(spec, 'template', 'spec');
  put(facts, 'serviceAccountName', at(pod, 'serviceAccountName'));
  for (const c of list(at(pod, 'containers'))) containerFacts(`containers.${String(c.name)}`, c, facts);
  for (const c of list(at(pod, 'initContainers'))) containerFacts(`initContainers.${String(c.name)}`, c, facts);
  const volumes = list(at(pod, 'volumes')).map((v) => String(v.name));
  if (volumes.length > 0) facts.volumes = sortedStrings(volumes);
};

