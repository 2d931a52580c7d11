import { isJsonObject } from '../api/json.js';
import { formatRef, identityOf, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { computeValueDrift } from '../kube/apply-noop.js';
import { abbreviateNames } from './delete-owned-step.js';
import type { InstallerFinding } from './identify-installer.js';
import type { UpgradeVerdict } from './upgrade-policy.js';

/** Kinds whose pod template change restarts pods. */
const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

/** What taking over another installer's objects would do, worked out before anything is written. */
export interface TakeoverPlan {
  installers: { installer: string; version?: string; objects: number }[];
  /** Foreign objects our render equals (nothing but field ownership would change). */
  unchanged: ObjectRef[];
  /** Foreign objects whose content our render changes, without restarting pods. */
  configure: { ref: ObjectRef; path: string }[];
  /** Foreign workloads whose pod template our render changes: a rollout. */
  rollOut: { ref: ObjectRef; path: string }[];
  /** Rendered objects that do not exist yet. */
  create: ObjectRef[];
  /** The installer's objects we do not render: left in place, never deleted. */
  leftAlone: ObjectRef[];
  /** Set when upstream's upgrade policy does not allow the version change this takeover makes. */
  versionProblem?: string;
  /** Where Istio 1.23's by-name gateway list merge and 1.24's list replacement render differently. */
  listMergeNote?: string;
}

export interface TakeoverInput {
  desired: readonly KubeObject[];
  live: ReadonlyMap<string, KubeObject | undefined>;
  installers: readonly InstallerFinding[];
  /** Every object the installers labelled as theirs (to find what we would leave behind). */
  installerObjects: readonly KubeObject[];
  version: UpgradeVerdict;
  listMergeNote?: string;
}

/** Pure: the plan from the render and fresh reads. */
export function planTakeover(input: TakeoverInput): TakeoverPlan {
  const foreign = new Set(input.installers.flatMap((g) => g.objects.map(identityOf)));
  const rendered = new Set(input.desired.map(identityOf));
  const plan: TakeoverPlan = {
    installers: input.installers.map((g) => ({ installer: g.installer, ...(g.version ? { version: g.version } : {}), objects: g.objects.length })),
    unchanged: [],
    configure: [],
    rollOut: [],
    create: [],
    leftAlone: input.installerObjects.filter((o) => !rendered.has(identityOf(o))).map(refOf),
    ...(input.version.allowed ? {} : { versionProblem: input.version.message }),
    ...(input.listMergeNote ? { listMergeNote: input.listMergeNote } : {}),
  };
  for (const obj of input.desired) {
    const live = input.live.get(identityOf(obj));
    if (!live) {
      plan.create.push(refOf(obj));
      continue;
    }
    if (!foreign.has(identityOf(obj))) continue;
    const templateDrift = WORKLOAD_KINDS.has(obj.kind) ? computeValueDrift(onlyTemplate(obj), live) : undefined;
    const drift = templateDrift ?? computeValueDrift(withoutBookkeeping(obj), live);
    if (templateDrift !== undefined) plan.rollOut.push({ ref: refOf(obj), path: templateDrift });
    else if (drift !== undefined) plan.configure.push({ ref: refOf(obj), path: drift });
    else plan.unchanged.push(refOf(obj));
  }
  return plan;
}

function withoutBookkeeping(obj: KubeObject): KubeObject {
  const { managedFields: _m, uid: _u, resourceVersion: _r, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function onlyTemplate(obj: KubeObject): KubeObject {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  return { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name }, spec: { template: spec.template ?? {} } };
}

/** One paragraph for a condition message and its Event: bounded, whatever the size of the install. */
export function formatTakeoverPlan(plan: TakeoverPlan): string {
  const found = plan.installers.map((i) => `${i.installer} (${i.version ? `Istio ${i.version}, ` : ''}${i.objects} object(s))`).join('; ');
  const list = (refs: readonly ObjectRef[]): string => abbreviateNames(refs.map(formatRef));
  const parts = [
    `found an existing installation this IstioOperator renders over, made by ${found}; nothing was written`,
    `a takeover would keep the ${plan.unchanged.length + plan.configure.length + plan.rollOut.length} existing object(s) (0 deleted, 0 recreated)`,
    `roll out ${plan.rollOut.length}${plan.rollOut.length ? ` (${list(plan.rollOut.map((r) => r.ref))})` : ''}`,
    `change ${plan.configure.length} more${plan.configure.length ? ` (${list(plan.configure.map((r) => r.ref))})` : ''}`,
    `create ${plan.create.length}${plan.create.length ? ` (${list(plan.create)})` : ''}`,
    `leave ${plan.leftAlone.length} of theirs it does not render in place${plan.leftAlone.length ? ` (${list(plan.leftAlone)})` : ''}`,
  ];
  if (plan.listMergeNote) parts.push(plan.listMergeNote);
  if (plan.versionProblem) parts.push(plan.versionProblem);
  return parts.join('; ');
}

