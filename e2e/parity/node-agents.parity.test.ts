import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/api/json.js';
import { loadAssets } from '../../src/assets/load-assets.js';
import { buildDesiredState } from '../../src/pipeline/build-desired-state.js';
import { ensureIstioctl } from './istioctl-binary.js';

/**
 * The CNI, ztunnel and remote objects, field by field against the real istioctl 1.31.0 (built from Go
 * modules when missing; the test fails, never skips, when it cannot be). Only these metadata labels may
 * differ, each for a written reason:
 * - operator.istio.io/{component,managed,version}, istio.io/rev: install-time labels we add at render
 *   time (istioctl adds them when it installs; README "Where it differs");
 * - install.operator.istio.io/owning-resource: istioctl's charts print the placeholder `unknown`, we write
 *   the owning IstioOperator only when reconciling one;
 * - app.kubernetes.io/version, helm.sh/chart: the chart version, 1.0.0 in a source build of istioctl (release
 *   builds carry 1.31.0, as ours do): compared after mapping 1.0.0 to 1.31.0.
 * On objects and on pod templates alike.
 */
const TOLERATED_LABELS = new Set([
  'operator.istio.io/component', 'operator.istio.io/managed', 'operator.istio.io/version', 'istio.io/rev',
  'install.operator.istio.io/owning-resource',
]);

interface NodeAgentCase {
  name: string;
  set: string[];
  spec?: JsonObject;
  /** Which objects to compare, by `Kind namespace/name`. */
  select: RegExp;
  /** What of a selected object to compare (default: all of it). */
  project?: (key: string, obj: JsonObject) => JsonValue;
}

const NODE_AGENT_OBJECTS = /istio-cni|ztunnel/;
const CASES: NodeAgentCase[] = [
  { name: 'ambient', set: ['profile=ambient'], select: NODE_AGENT_OBJECTS },
  { name: 'openshift', set: ['profile=openshift'], select: NODE_AGENT_OBJECTS },
  { name: 'openshift-ambient', set: ['profile=openshift-ambient'], select: NODE_AGENT_OBJECTS },
  // demo's chart profile lowers the CNI agent's requests; its ztunnel entry never reaches the flat ztunnel chart.
  { name: 'demo-with-node-agents', set: ['profile=demo', 'components.cni.enabled=true', 'components.ztunnel.enabled=true'], select: NODE_AGENT_OBJECTS },
  // values.profile alone selects the ambient chart deltas in every chart: the node agent, istiod's
  // ambient switch and image, and the mesh defaults.
  {
    name: 'default-with-ambient-chart-profile',
    set: ['values.profile=ambient', 'components.ztunnel.enabled=true', 'values.global.istioNamespace=mesh'],
    select: /ztunnel|^ConfigMap mesh\/istio$|^Deployment mesh\/istiod$/,
    project: (key, obj) => {
      if (key.startsWith('ConfigMap ')) return yaml.load(String((obj.data as JsonObject | undefined)?.mesh)) as JsonValue;
      if (!key.startsWith('Deployment ')) return obj;
      const main = ((((obj.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0] ?? {};
      const env = (main.env as JsonObject[]).filter((e) => ['PILOT_ENABLE_AMBIENT', 'CA_TRUSTED_NODE_ACCOUNTS'].includes(String(e.name)));
      return { image: main.image ?? null, env };
    },
  },
  { name: 'ambient-compat-1.25-revision', set: ['profile=ambient', 'compatibilityVersion=1.25', 'revision=canary'], select: NODE_AGENT_OBJECTS },
  // compatibilityVersion also restores istiod's earlier defaults (its environment).
  ...['1.25', '1.26', '1.29', '1.30'].map((version) => ({
    name: `compat-${version}-istiod-env`,
    set: [`compatibilityVersion=${version}`],
    select: /^Deployment istio-system\/istiod$/,
    project: (_key: string, obj: JsonObject): JsonValue => {
      const main = ((((obj.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0] ?? {};
      return main.env as JsonObject[];
    },
  })),
  {
    name: 'cni-ztunnel-values-and-k8s',
    set: ['values.global.platform=gke', 'values.global.logAsJson=true', 'values.global.imagePullSecrets[0]=regcred'],
    spec: {
      components: {
        cni: { enabled: true, namespace: 'kube-system', hub: 'registry.example.com/cni', k8s: { nodeSelector: { pool: 'mesh' }, resources: { limits: { memory: '200Mi' } } } },
        ztunnel: { enabled: true, tag: '1.27.9-patched', k8s: { podAnnotations: { 'example.com/owner': 'mesh' }, tolerations: [] } },
      },
      values: {
        cni: { ambient: { enabled: true }, excludeNamespaces: ['kube-system', 'monitoring'], repair: { repairPods: false, deletePods: true }, env: { CNI_LOG_LEVEL: 'debug' } },
        ztunnel: { logLevel: 'debug', env: { ENABLE_CLUSTER_TRUST_BUNDLE_API: true }, podLabels: { team: 'mesh' } },
        global: { multiCluster: { clusterName: 'east' }, network: 'net1' },
      },
    },
    select: NODE_AGENT_OBJECTS,
  },
  // Settings the 1.28-1.31 charts added: CNI labels and AppArmor through the securityContext; ztunnel's CRL,
  // DNS settings and CPU variables (k8s.resources CPU is copied into the values, so it counts too).
  {
    name: 'v131-cni-ztunnel-settings',
    set: ['profile=ambient'],
    spec: {
      components: {
        ztunnel: { enabled: true, k8s: { resources: { limits: { cpu: '2' }, requests: { cpu: '0.5', memory: '256Mi' } } } },
      },
      values: {
        cni: { daemonSetLabels: { tier: 'node' }, podLabels: { team: 'mesh' }, useAppArmorAnnotation: false },
        ztunnel: { peerCaCrl: { enabled: true }, dnsPolicy: 'ClusterFirstWithHostNet', dnsConfig: { options: [{ name: 'ndots', value: '2' }] } },
        global: { networkPolicy: { enabled: true } },
      },
    },
    select: /^(NetworkPolicy [^ ]+\/(istio-cni|ztunnel)|DaemonSet |ConfigMap [^ ]+\/istio-cni-config$)/,
  },
  { name: 'v131-node-agents-scope-cluster', set: ['profile=openshift-ambient', 'values.global.resourceScope=cluster'], select: /^(?!CustomResourceDefinition )/, project: (key) => key },
  { name: 'v131-node-agents-scope-namespace', set: ['profile=ambient', 'values.global.resourceScope=namespace', 'values.global.platform=gke'], select: /^(?!CustomResourceDefinition )/, project: (key) => key },
  {
    name: 'v131-ztunnel-values-resources',
    set: ['profile=ambient'],
    spec: { values: { ztunnel: { resources: { requests: { cpu: '500m', memory: '' }, limits: { cpu: '' } } } } },
    select: /^DaemonSet [^ ]+\/ztunnel$/,
  },
  // What the remote support adds: the istiod Service/EndpointSlice and the reader role's grants for the remote istiod.
  {
    name: 'remote',
    set: ['profile=remote', 'values.global.remotePilotAddress=10.0.0.12'],
    select: /^(Service|EndpointSlice|ClusterRole|MutatingWebhookConfiguration) /,
    project: (key, obj) => (key.startsWith('Service ') || key.startsWith('EndpointSlice ') ? obj : key.startsWith('ClusterRole ') ? obj.rules ?? null : (obj.webhooks ?? null)),
  },
  // A remote cluster that is also the config cluster keeps istiod's RBAC, the validator and the stable policy:
  // the same object set (their contents are istiod's and compared by the full parity suite).
  {
    name: 'remote-config-cluster',
    set: ['profile=remote', 'values.global.configCluster=true', 'values.experimental.stableValidationPolicy=true'],
    select: /^(?!CustomResourceDefinition )/,
    project: (key) => key,
  },
  {
    name: 'remote-local-injector',
    set: ['profile=remote', 'values.global.remotePilotAddress=10.0.0.12', 'values.istiodRemote.enabledLocalInjectorIstiod=true', 'values.pilot.configMap=true'],
    select: /^(?!CustomResourceDefinition )/,
    project: (key, obj) => (/^(Service|EndpointSlice) [^ ]+\/istiod-remote$/.test(key) ? obj : key.startsWith('ConfigMap ') && key.endsWith('/istio') ? yaml.load(String((obj.data as JsonObject | undefined)?.mesh)) as JsonValue : key),
  },
  { name: 'remote-by-host', set: ['profile=remote', 'values.global.remotePilotAddress=istiod.example.com'], select: /^(Service|EndpointSlice) / },
  { name: 'remote-by-ipv6', set: ['profile=remote', 'values.global.remotePilotAddress=fd00::12'], select: /^(Service|EndpointSlice) / },
];

/** The node-agent cases follow the newest pack (the full matrix covers every pack). */
const RELEASED_VERSION = '1.31.0';
const PINNED = ['hub=docker.io/istio', `tag=${RELEASED_VERSION}`];
const assets = loadAssets(RELEASED_VERSION);
const dir = mkdtempSync(path.join(os.tmpdir(), 'istio-operator-node-agents-'));
let istioctl = '';

beforeAll(() => {
  istioctl = ensureIstioctl(RELEASED_VERSION);
}, 1_800_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyOf = (o: JsonObject): string => {
  const meta = (o.metadata ?? {}) as JsonObject;
  return `${String(o.kind)} ${String(meta.namespace ?? '')}/${String(meta.name)}`;
};

function withoutToleratedLabels(o: JsonObject): JsonObject {
  const copy = JSON.parse(JSON.stringify(o)) as JsonObject;
  const template = isJsonObject((copy.spec ?? null) as JsonValue) ? (copy.spec as JsonObject).template : undefined;
  const holders = [copy.metadata, isJsonObject((template ?? null) as JsonValue) ? (template as JsonObject).metadata : undefined];
  for (const holder of holders) {
    if (!isJsonObject((holder ?? null) as JsonValue)) continue;
    const meta = holder as JsonObject;
    const labels = Object.entries((meta.labels ?? {}) as Record<string, string>)
      .filter(([k]) => !TOLERATED_LABELS.has(k))
      .map(([k, v]) => [k, k === 'app.kubernetes.io/version' && v === '1.0.0' ? RELEASED_VERSION : k === 'helm.sh/chart' ? v.replace(/-1\.0\.0$/, `-${RELEASED_VERSION}`) : v]);
    if (labels.length > 0) meta.labels = Object.fromEntries(labels);
    else delete meta.labels;
  }
  return copy;
}

/** Leaf-by-leaf differences, `path: istioctl=… ours=…`. */
function differences(theirs: JsonValue | undefined, ours: JsonValue | undefined, at = ''): string[] {
  if (JSON.stringify(theirs) === JSON.stringify(ours)) return [];
  if (isJsonObject(theirs ?? null) && isJsonObject(ours ?? null)) {
    const a = theirs as JsonObject, b = ours as JsonObject;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => differences(a[k], b[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(theirs) && Array.isArray(ours) && theirs.length === ours.length) return theirs.flatMap((v, i) => differences(v, ours[i], `${at}[${i}]`));
  return [`${at}: istioctl=${JSON.stringify(theirs)} ours=${JSON.stringify(ours)}`];
}


describe('CNI, ztunnel and remote objects equal istioctl 1.31.0', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const doc: JsonObject = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: c.spec ?? {} };
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, yaml.dump(doc));
    const set = [...c.set, ...PINNED];
    const out = execFileSync(istioctl, ['manifest', 'generate', '-f', file, ...set.flatMap((s) => ['--set', s])], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const theirs = new Map(yaml.loadAll(out).filter((d): d is JsonObject => isJsonObject((d ?? null) as JsonValue)).map((o) => [keyOf(o), o]));
    const rendered = buildDesiredState({ documents: [doc], setFlags: set }, assets);
    if (!rendered.ok) throw new Error(`we refuse what istioctl renders: ${JSON.stringify(rendered.errors)}`);
    const ours = new Map(rendered.value.objects.map((o) => [keyOf(o as unknown as JsonObject), o as unknown as JsonObject]));

    const selected = (keys: Iterable<string>): string[] => [...keys].filter((k) => c.select.test(k)).sort();
    expect(selected(ours.keys()), 'the same objects').toEqual(selected(theirs.keys()));
    expect(selected(theirs.keys()).length, 'the case selects something').toBeGreaterThan(0);
    const view = (k: string, o: JsonObject | undefined): JsonValue => {
      const clean = withoutToleratedLabels(o ?? {});
      return c.project ? c.project(k, clean) : clean;
    };
    const diffs = selected(theirs.keys()).flatMap((k) => differences(view(k, theirs.get(k)), view(k, ours.get(k))).map((d) => `${k} ${d}`));
    expect(diffs).toEqual([]);
  });
});
