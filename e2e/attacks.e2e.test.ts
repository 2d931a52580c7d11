import { mkdtempSync, rmSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../src/api/json.js';
import { refOf, type KubeObject } from '../src/api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../src/api/labels.js';
import { loadAssets } from '../src/assets/load-assets.js';
import { waitForCrdEstablished } from '../src/kube/crd-established.js';
import { OWNED_KINDS, type KindRef } from '../src/kube/owned-kinds.js';
import { buildDesiredState } from '../src/pipeline/build-desired-state.js';
import { YAML_ALIAS_BOMB } from '../src/pipeline/fixtures/hostile-inputs.js';
import { buildUniqueName, createTestNamespace, deleteTestNamespace, loadTestKubeConfig } from './cluster/test-kube.js';
import { conditionOf, createClusterClient, waitFor } from './support/cluster-client.js';
import { buildHelm, renderHelmChart, resolvePodCommand } from './support/helm.js';
import { startOperator, type OperatorProcess } from './support/operator-process.js';
import { sendRawKubeRequest } from './support/raw-kube-request.js';
import { removeIstioOperator } from './support/remove-istio-operator.js';
import { requestServiceAccountToken, writeTokenKubeconfig } from './support/service-account-kubeconfig.js';

// A tenant who may only create and edit IstioOperators in its own namespace attacks the operator (running
// under the chart's RBAC, watching two tenant namespaces) through the spec alone: RBAC escalation, identity
// changes, foreign namespaces, renames onto existing objects, prototype pollution, takeovers, and inputs
// that would cost unbounded work. Each must be refused by the apiserver or leave the attacker's CR Stalled
// with a message naming the field, and nothing may be written: the other tenant's installation keeps its
// uids and resourceVersions, the operator keeps running, and no object outside the victim's render carries
// the operator's field manager.

const MANAGER = FIELD_MANAGER;
const ATTACK_WAIT_MS = 30_000;
const IOP = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' } as const;
const OWNING = LabelKeys.owningResource;
const OWNING_NS = LabelKeys.owningResourceNamespace;

const kc = loadTestKubeConfig();
const cluster = createClusterClient();
const fullname = buildUniqueName('e2e-attack-operator');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-attacks-'));
let releaseNs = '';
let teamA = '';
let teamB = '';
/** The tenants' Istio namespaces: team-b's is created by the operator, team-a's by the administrator (attack 6). */
const teamAIstio = buildUniqueName('e2e-atk-a-istio');
const teamBIstio = buildUniqueName('e2e-atk-b-istio');
let rendered: KubeObject[] = [];
let operator: OperatorProcess | undefined;
let exitedEarly: number | null | undefined;
let attacker: KubeConfig;
const attackCrs: string[] = [];
const table: { attack: string; outcome: string; seconds: number }[] = [];

/**
 * An object of the victim's: uid, resourceVersion, and its managedFields outside the status subresource
 * (manager, operation, time, fields). A write to anything but status changes the latter; the
 * controller-manager's status updates (the HPA's conditions) change only the resourceVersion.
 */
interface Snapshot { uid: string; resourceVersion: string; writes: string; statusManagers: string[] }
type ManagedEntry = { manager?: string; operation?: string; subresource?: string; time?: string; fieldsV1?: unknown };
let victimObjects = new Map<string, Snapshot>();
/** Identities (kind/namespace/name) of everything the victim renders, the shared Base objects included. */
let victimIdentities = new Set<string>();
let victimPid = -1;

const victimSpec = () => ({ profile: 'minimal', values: { global: { istioNamespace: teamBIstio } } });
const identity = (o: { kind: string; namespace?: string; name: string }): string => `${o.kind}/${o.namespace ?? ''}/${o.name}`;
const objIdentity = (o: KubeObject): string => identity({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

function renderObjects(name: string, namespace: string, spec: JsonObject): KubeObject[] {
  const result = buildDesiredState({ documents: [{ ...IOP, metadata: { name, namespace }, spec }], setFlags: [], owner: { name, namespace } }, loadAssets());
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.objects;
}

const loadKubeConfigFile = (file: string): KubeConfig => {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
};

const managers = (o: KubeObject): string[] => ((o.metadata.managedFields ?? []) as { manager?: string }[]).map((m) => m.manager ?? '');

/** Every object of `kinds` the victim owns (by label), keyed by identity. */
async function snapshotVictim(): Promise<Map<string, Snapshot>> {
  const out = new Map<string, Snapshot>();
  for (const kind of OWNED_KINDS) {
    const items = await cluster.list(kind, { labelSelector: `${OWNING}=victim,${OWNING_NS}=${teamB}` }).catch(() => [] as KubeObject[]);
    for (const o of items) {
      const entries = (o.metadata.managedFields ?? []) as ManagedEntry[];
      out.set(objIdentity(o), {
        uid: String(o.metadata.uid),
        resourceVersion: String(o.metadata.resourceVersion),
        writes: JSON.stringify(entries.filter((e) => e.subresource !== 'status')),
        statusManagers: entries.filter((e) => e.subresource === 'status').map((e) => e.manager ?? ''),
      });
    }
  }
  return out;
}

/** What changed between two snapshots of the victim, one line per object. */
function diffSnapshots(before: Map<string, Snapshot>, after: Map<string, Snapshot>): string[] {
  const out: string[] = [];
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a) out.push(`${id}: gone`);
    else if (a.uid !== b.uid) out.push(`${id}: recreated`);
    else if (a.writes !== b.writes) out.push(`${id}: written (resourceVersion ${b.resourceVersion} -> ${a.resourceVersion}): ${a.writes}`);
    else if (a.resourceVersion !== b.resourceVersion && (a.statusManagers.length === 0 || a.statusManagers.includes(MANAGER))) {
      out.push(`${id}: resourceVersion ${b.resourceVersion} -> ${a.resourceVersion} with no status writer but the operator`);
    }
  }
  for (const id of after.keys()) if (!before.has(id)) out.push(`${id}: new`);
  return out;
}

async function healthz(): Promise<number> {
  if (!operator) return 0;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 2_000);
  try {
    return (await fetch(`http://127.0.0.1:${operator.port}/healthz`, { signal: controller.signal })).status;
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
  }
}

/** The attacker's IstioOperator as a JSON string, so keys like "__proto__" reach the apiserver as written. */
const crJson = (name: string, spec: string, annotations: Record<string, string> = {}): string =>
  `{"apiVersion":"install.istio.io/v1alpha1","kind":"IstioOperator","metadata":{"name":${JSON.stringify(name)},"namespace":${JSON.stringify(teamA)},"annotations":${JSON.stringify(annotations)}},"spec":${spec}}`;

interface AttackResult { refusedBy: 'apiserver' | 'operator'; reason: string; message: string; seconds: number }

/**
 * Creates the CR as the attacker and waits for the verdict: the apiserver's refusal, or Stalled=True on the
 * current generation. Also checks /healthz keeps answering while the operator works on it.
 */
async function launch(label: string, name: string, body: string): Promise<AttackResult> {
  const started = Date.now();
  const res = await sendRawKubeRequest(attacker, 'POST', `/apis/install.istio.io/v1alpha1/namespaces/${teamA}/istiooperators`, body);
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  if (res.status >= 400) {
    const status = res.body as { reason?: string; message?: string };
    const result = { refusedBy: 'apiserver' as const, reason: `${res.status} ${status.reason ?? ''}`, message: status.message ?? res.text, seconds: seconds() };
    table.push({ attack: label, outcome: `apiserver ${result.reason}`, seconds: result.seconds });
    process.stderr.write(`[attacks] ${label}: apiserver ${result.reason}: ${result.message.slice(0, 600)}\n`);
    return result;
  }
  expect(res.status, res.text).toBeLessThan(300);
  attackCrs.push(name);
  let healthFailures = 0;
  const iop = await waitFor(`Stalled=True on ${teamA}/${name}`, async () => {
    if ((await healthz()) !== 200) healthFailures += 1;
    const current = await cluster.getIstioOperator(teamA, name);
    const stalled = conditionOf(current, 'Stalled');
    return stalled?.status === 'True' && current?.status?.observedGeneration === current?.metadata.generation ? current : undefined;
  }, ATTACK_WAIT_MS, 500);
  expect(healthFailures).toBe(0);
  const stalled = conditionOf(iop, 'Stalled');
  const result = { refusedBy: 'operator' as const, reason: stalled?.reason ?? '', message: stalled?.message ?? '', seconds: seconds() };
  table.push({ attack: label, outcome: `Stalled ${result.reason}`, seconds: result.seconds });
  process.stderr.write(`[attacks] ${label}: ${result.reason}: ${result.message.slice(0, 600)}\n`);
  return result;
}

const overlays = (component: string, list: unknown[]): string => JSON.stringify({ profile: 'minimal', values: { global: { istioNamespace: teamAIstio } }, components: { [component]: { k8s: { overlays: list } } } });

beforeAll(async () => {
  releaseNs = await createTestNamespace(kc, 'e2e-atk-op');
  teamA = await createTestNamespace(kc, 'e2e-atk-a');
  teamB = await createTestNamespace(kc, 'e2e-atk-b');
  const victimRender = renderObjects('victim', teamB, victimSpec());
  victimIdentities = new Set(victimRender.map(objIdentity));
  const roleNames = [...new Set(victimRender.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').map((o) => o.metadata.name))];
  rendered = renderHelmChart(buildHelm(), 'istio-operator', 'istio-operator', releaseNs, [
    `fullnameOverride=${fullname}`, `leaderElection.leaseName=${fullname}`,
    `watchNamespaces={${teamA},${teamB}}`, `installNamespaces={${teamAIstio},${teamBIstio}}`, `adoption.namespaces={${teamB}}`,
    `rbac.escalationResourceNames={${roleNames.join(',')}}`,
  ]);
  for (const obj of rendered.filter((o) => o.kind !== 'Deployment')) await cluster.apply(obj, 'e2e-attacks-install');
  const crd = rendered.find((o) => o.kind === 'CustomResourceDefinition');
  if (crd) await waitForCrdEstablished(cluster.clients, crd.metadata.name);

  // The attacker: create/update/patch/get on IstioOperators in team-a, nothing else.
  await cluster.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'attacker', namespace: teamA } });
  await cluster.apply({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'iop-editor', namespace: teamA },
    rules: [{ apiGroups: ['install.istio.io'], resources: ['istiooperators'], verbs: ['create', 'update', 'patch', 'get'] }],
  });
  await cluster.apply({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'attacker-iop-editor', namespace: teamA },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'iop-editor' },
    subjects: [{ kind: 'ServiceAccount', name: 'attacker', namespace: teamA }],
  });
  const attackerFile = path.join(tmp, 'attacker-kubeconfig');
  writeTokenKubeconfig(kc, await requestServiceAccountToken(cluster.clients, teamA, 'attacker'), `system:serviceaccount:${teamA}:attacker`, attackerFile);
  attacker = loadKubeConfigFile(attackerFile);

  // Another installer's object where the attacker will point its install (attack 6): the namespace and
  // the mesh ConfigMap, applied as istioctl does.
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: teamAIstio } });
  await cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: teamAIstio, labels: { 'operator.istio.io/component': 'Pilot' } }, data: { mesh: '{}' } }, 'istio-operator');

  const sa = rendered.find((o) => o.kind === 'ServiceAccount');
  const deployment = rendered.find((o) => o.kind === 'Deployment');
  if (!sa || !deployment) throw new Error('the chart rendered no ServiceAccount or Deployment');
  const kubeconfig = path.join(tmp, 'operator-kubeconfig');
  writeTokenKubeconfig(kc, await requestServiceAccountToken(cluster.clients, releaseNs, sa.metadata.name), `system:serviceaccount:${releaseNs}:${sa.metadata.name}`, kubeconfig);
  const { runArgs, env } = resolvePodCommand(deployment, { name: `${fullname}-5c8d7b9f4-q7w2e`, namespace: releaseNs });
  operator = await startOperator(kubeconfig, runArgs, env);
  victimPid = operator.pid;
  void operator.exited.then((code) => { exitedEarly = code; });

  await cluster.apply({ ...IOP, metadata: { name: 'victim', namespace: teamB }, spec: victimSpec() });
  await waitFor('the victim Ready=True', async () => {
    const iop = await cluster.getIstioOperator(teamB, 'victim');
    return conditionOf(iop, 'Ready')?.status === 'True' && iop?.status?.observedGeneration === iop?.metadata.generation ? iop : undefined;
  }, 60_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${(operator?.logs() ?? '').split('\n').filter((l) => /error|warn|forbidden/i.test(l)).slice(-20).join('\n')}`);
  });
  victimObjects = await snapshotVictim();
}, 240_000);

afterAll(async () => {
  if (table.length > 0) {
    const width = Math.max(...table.map((r) => r.attack.length));
    process.stderr.write(`\n[attacks] ${'attack'.padEnd(width)}  ${'outcome'.padEnd(40)}  seconds\n`);
    for (const r of table) process.stderr.write(`[attacks] ${r.attack.padEnd(width)}  ${r.outcome.padEnd(40)}  ${r.seconds.toFixed(1)}\n`);
  }
  for (const name of attackCrs) await removeIstioOperator(cluster, teamA, name, operator ? 15_000 : 0);
  if (teamB) await removeIstioOperator(cluster, teamB, 'victim', operator ? 60_000 : 0);
  if (operator) await operator.kill();
  for (const obj of rendered.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')) await cluster.delete(refOf(obj)).catch(() => undefined);
  for (const name of [releaseNs, teamA, teamB, teamAIstio, teamBIstio]) if (name) await deleteTestNamespace(kc, name);
  rmSync(tmp, { recursive: true, force: true });
}, 180_000);

describe('a tenant attacking the operator through its IstioOperator', () => {
  it('is only allowed to edit IstioOperators in its namespace', async () => {
    const res = await sendRawKubeRequest(attacker, 'POST', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings`, JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: buildUniqueName('e2e-atk-direct') },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: teamA }],
    }));
    expect(res.status).toBe(403);
    expect(victimObjects.size).toBeGreaterThan(10);
    expect(victimPid).toBeGreaterThan(0);
  });

  it('1. cannot rebind an istiod ClusterRoleBinding to cluster-admin or to its own account', async () => {
    const crb = `istiod-clusterrole-${teamAIstio}`;
    const roleRef = await launch('1a overlay CRB roleRef.name=cluster-admin', 'atk-1a', crJson('atk-1a', overlays('pilot', [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: crb, patches: [{ path: 'roleRef.name', value: 'cluster-admin' }] },
    ])));
    expect(roleRef.message).toContain('spec.components.pilot.k8s.overlays[0]');
    expect(roleRef.message).toContain('roleRef');
    const subjects = await launch('1b overlay CRB subjects=team-a/default', 'atk-1b', crJson('atk-1b', overlays('pilot', [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: crb, patches: [{ path: 'subjects', value: [{ kind: 'ServiceAccount', name: 'default', namespace: teamA }] }] },
    ])));
    expect(subjects.message).toContain('spec.components.pilot.k8s.overlays[0]');
    expect(subjects.message).toContain('subjects');
    const rules = await launch('1c overlay ClusterRole rules += */*/*', 'atk-1c', crJson('atk-1c', overlays('pilot', [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: crb, patches: [{ path: 'rules.[-1]', value: { apiGroups: ['*'], resources: ['*'], verbs: ['*'] } }] },
    ])));
    expect(rules.message).toContain('spec.components.pilot.k8s.overlays[0].patches[0].path');
    expect(rules.message).toContain('would change rules');
  });

  it('2. cannot move, rename or re-kind a rendered object', async () => {
    const moved = await launch('2a overlay metadata.namespace/name', 'atk-2a', crJson('atk-2a', overlays('pilot', [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', patches: [{ path: 'metadata.namespace', value: 'kube-system' }, { path: 'metadata.name', value: 'coredns' }] },
    ])));
    expect(moved.message).toContain('metadata.namespace');
    expect(moved.message).toContain('metadata.name');
    const rekinded = await launch('2b overlay kind ServiceAccount->Secret', 'atk-2b', crJson('atk-2b', overlays('pilot', [
      { apiVersion: 'v1', kind: 'ServiceAccount', name: 'istiod', patches: [{ path: 'kind', value: 'Secret' }] },
    ])));
    expect(rekinded.message).toContain('spec.components.pilot.k8s.overlays[0]');
    expect(rekinded.message).toContain('kind');
  });

  it('3. cannot install into a namespace the administrator did not allow', async () => {
    const global = await launch('3a values.global.istioNamespace=kube-system', 'atk-3a', crJson('atk-3a', JSON.stringify({ profile: 'minimal', values: { global: { istioNamespace: 'kube-system' } } })));
    expect(global.message).toContain('values.global.istioNamespace');
    expect(global.message).toContain('kube-system');
    const pilot = await launch('3b components.pilot.namespace=kube-system', 'atk-3b', crJson('atk-3b', JSON.stringify({ profile: 'minimal', values: { global: { istioNamespace: teamAIstio } }, components: { pilot: { namespace: 'kube-system' } } })));
    expect(pilot.message).toContain('components.pilot.namespace');
    expect(pilot.message).toContain('kube-system');
  });

  it('4. cannot rename a Base CRD onto an existing CRD', async () => {
    const renamed = await launch('4 base overlay CRD rename onto istiooperators CRD', 'atk-4', crJson('atk-4', overlays('base', [
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'virtualservices.networking.istio.io', patches: [{ path: 'metadata.name', value: 'istiooperators.install.istio.io' }] },
    ])));
    expect(renamed.message).toContain('spec.components.base.k8s.overlays[0]');
    expect(renamed.message).toContain('metadata.name');
  });

  it('5. cannot pollute prototypes, and the victim re-renders unaffected', async () => {
    const viaPath = await launch('5a overlay path __proto__.polluted', 'atk-5a', crJson('atk-5a', overlays('pilot', [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', patches: [{ path: '__proto__.polluted', value: 'yes' }] },
    ])));
    expect(viaPath.message).toContain('spec.components.pilot.k8s.overlays[0]');
    expect(viaPath.message).toContain('__proto__');
    // A literal "__proto__" key in the JSON body: written as text, never through a JS object.
    const viaValues = await launch('5b values.global {"__proto__": ...}', 'atk-5b', crJson('atk-5b', `{"profile":"minimal","values":{"global":{"istioNamespace":${JSON.stringify(teamAIstio)},"__proto__":{"polluted":"yes","istioNamespace":"kube-system"}}}}`));
    expect(viaValues.message).toContain('values.global.__proto__');
    // Inside an overlay value that is a YAML string (the operator parses it, as istioctl does).
    const viaYaml = await launch('5c overlay value YAML "__proto__: ..."', 'atk-5c', crJson('atk-5c', overlays('pilot', [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'istio', patches: [{ path: 'data.x', value: '__proto__:\n  polluted: yes\n' }] },
    ])));
    expect(viaYaml.message).toContain('spec.components.pilot.k8s.overlays[0].patches[0].value');
    expect(viaYaml.message).toContain('__proto__');

    // A new render of the victim after the attacks: a spec change that renders the same objects (a value
    // at its default) makes the operator render it afresh; it must converge with no write to any object.
    // (an overlay that sets the discovery container's name to itself: not a value, so not in the values ConfigMap).
    const noop = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', patches: [{ path: 'spec.template.spec.containers.[name:discovery].name', value: 'discovery' }] };
    await cluster.apply({ ...IOP, metadata: { name: 'victim', namespace: teamB }, spec: { ...victimSpec(), components: { pilot: { k8s: { overlays: [noop] } } } } });
    const iop = await waitFor('the victim re-rendered and Ready', async () => {
      const current = await cluster.getIstioOperator(teamB, 'victim');
      return conditionOf(current, 'Ready')?.status === 'True' && current?.status?.observedGeneration === current?.metadata.generation && (current?.metadata.generation ?? 0) > 1 ? current : undefined;
    }, 60_000);
    expect(iop.status?.status).toBe('HEALTHY');
    expect(diffSnapshots(victimObjects, await snapshotVictim())).toEqual([]);
  });

  it('6. cannot take over another installer\'s objects from a namespace without adoption', async () => {
    const adopt = await launch('6 adopt:"true" outside adopt namespaces', 'atk-6', crJson('atk-6', JSON.stringify({ profile: 'minimal', values: { global: { istioNamespace: teamAIstio } } }), { 'install.operator.istio.io/adopt': 'true' }));
    expect(adopt.reason).toBe('TakeoverRequired');
    expect(adopt.message).toContain(`has not allowed takeovers in namespace ${teamA}`);
    expect(adopt.message).toContain('--adopt-namespaces');
    const cm = await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: teamAIstio, name: 'istio' });
    expect(managers(cm as KubeObject)).not.toContain(MANAGER);
  });

  it('7. cannot stall the operator: nested-quantifier selector, YAML alias bomb, too many gateways', async () => {
    const a32 = 'a'.repeat(32);
    // `[name:(a+)+$]` is a field selector (exact match on name), never a regular expression: refused as matching nothing.
    const named = await launch('7a [name:(a+)+$] selector vs 32 a\'s name', 'atk-7a', crJson('atk-7a', overlays('pilot', [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', patches: [
        { path: 'spec.template.spec.containers.[name:discovery].name', value: a32 },
        { path: 'spec.template.spec.containers.[name:(a+)+$].image', value: 'evil' },
      ] },
    ])));
    expect(named.seconds).toBeLessThan(ATTACK_WAIT_MS / 1000);
    expect(named.message).toContain('spec.components.pilot.k8s.overlays[0].patches[1].path');
    expect(named.message).toContain('[name:(a+)+$]');
    // `[(a+)+$]` is a regex selector over a scalar list: an element of 32 a's and a "!" costs a backtracking
    // engine 2^32 steps to reject; RE2 rejects it in linear time, and the selector then matches nothing.
    const regex = await launch('7a\' [(a+)+$] regex selector vs "a"x32+"!"', 'atk-7a2', crJson('atk-7a2', overlays('pilot', [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', patches: [
        { path: 'spec.template.spec.containers.[name:discovery].args.[-1]', value: `${a32}!` },
        { path: 'spec.template.spec.containers.[name:discovery].args.[(a+)+$]', value: 'evil' },
      ] },
    ])));
    expect(regex.seconds).toBeLessThan(ATTACK_WAIT_MS / 1000);
    expect(regex.message).toContain('spec.components.pilot.k8s.overlays[0].patches[1].path');
    expect(regex.message).toContain('/(a+)+$/');
    const bomb = await launch('7b YAML alias bomb in overlay value', 'atk-7b', crJson('atk-7b', overlays('pilot', [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'istio', patches: [{ path: 'data.bomb', value: YAML_ALIAS_BOMB }] },
    ])));
    expect(bomb.message).toContain('spec.components.pilot.k8s.overlays[0].patches[0].value');
    expect(bomb.message).toContain('more than 10000 values');
    const gateways = Array.from({ length: 17 }, (_, i) => ({ name: `gw-${i}`, enabled: true }));
    const many = await launch('7c 17 ingress gateways', 'atk-7c', crJson('atk-7c', JSON.stringify({ profile: 'minimal', values: { global: { istioNamespace: teamAIstio } }, components: { ingressGateways: gateways } })));
    expect(many.refusedBy).toBe('apiserver');
    expect(many.message).toContain('spec.components.ingressGateways: Too many: 17: must have at most 16 items');
    expect(await healthz()).toBe(200);
  });

  it('leaves the operator running, the victim untouched and nothing of the attacker\'s written', async () => {
    expect(operator?.pid).toBe(victimPid);
    expect(exitedEarly).toBeUndefined();
    expect(await healthz()).toBe(200);
    expect(diffSnapshots(victimObjects, await snapshotVictim())).toEqual([]);
    const victim = await cluster.getIstioOperator(teamB, 'victim');
    expect(conditionOf(victim, 'Ready')?.status).toBe('True');

    // Every kind the operator may write (and Secrets, which attack 2b tried to make), in every namespace.
    const kinds: KindRef[] = [...OWNED_KINDS, { apiVersion: 'v1', kind: 'Secret' }];
    const ours = new Set([teamA, teamB, teamAIstio, teamBIstio]);
    const violations: string[] = [];
    let victimSeen = 0;
    for (const kind of kinds) {
      // Only a kind this cluster does not serve (NetworkAttachmentDefinition) lists as empty; victimSeen proves the rest were read.
      const items = await cluster.list(kind).catch(() => [] as KubeObject[]);
      for (const o of items) {
        const id = objIdentity(o);
        if (victimObjects.get(id)?.uid === o.metadata.uid) victimSeen += 1;
        if (!managers(o).includes(MANAGER)) continue;
        const labels = o.metadata.labels ?? {};
        const ns = o.metadata.namespace ?? '';
        const roleRef = (o as { roleRef?: { name?: string } }).roleRef;
        if (kind.kind === 'ClusterRoleBinding' && roleRef?.name === 'cluster-admin') violations.push(`${id}: binds cluster-admin`);
        if (ns === 'kube-system' || ns === 'default') violations.push(`${id}: in ${ns}`);
        if (kind.kind === 'Namespace' && ['kube-system', 'default', teamA, teamB, teamAIstio].includes(o.metadata.name)) violations.push(`${id}: a namespace the operator must not write`);
        const mine = ours.has(ns) || ours.has(labels[OWNING_NS] ?? '') || (kind.kind === 'Namespace' && ours.has(o.metadata.name));
        const unlabelledCluster = !ns && labels[OWNING_NS] === undefined;
        if (!mine && !unlabelledCluster) continue; // another suite's installation on the shared cluster
        const snap = victimObjects.get(id);
        if (snap) {
          if (snap.uid !== o.metadata.uid) violations.push(`${id}: the victim's object was recreated`);
        } else if (!victimIdentities.has(id) && !(kind.kind === 'Namespace' && o.metadata.name === teamBIstio)) {
          violations.push(`${id}: not in the victim's render`);
        }
      }
    }
    expect(violations).toEqual([]);
    expect(victimSeen).toBe(victimObjects.size);
    // And no attack CR got as far as applying anything.
    for (const name of attackCrs) expect((await cluster.events(teamA, name)).filter((e) => /^(Applied|DriftCorrected|Pruned|TakenOver):/.test(e))).toEqual([]);
  });
});
