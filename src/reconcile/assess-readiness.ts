import { formatRef, groupOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';

export interface ObjectReadiness {
  ready: boolean;
  reason?: string;
  /** The object reports it gave up (e.g. a Deployment past its progressDeadlineSeconds). */
  failed?: boolean;
}

/** One component's rendered objects, paired with what was read back (undefined = not found). */
export interface ObservedComponent {
  component: string;
  objects: { ref: ObjectRef; live: KubeObject | undefined }[];
}

export interface ComponentReadiness {
  component: string;
  ready: boolean;
  /** Some object reports a permanent failure; the reconciler may go Stalled without waiting. */
  failed: boolean;
  /** Objects assessed; 0 means the component rendered nothing (legacy status NONE). */
  objectCount: number;
  /** One line per not-ready object: `Deployment.apps istio-system/istiod: 0/1 replicas available`. */
  reasons: string[];
}

type Assessor = (obj: KubeObject) => ObjectReadiness;

const READY: ObjectReadiness = { ready: true };

/** Readiness of one live object; kinds without a rollout to wait for are ready once they exist. */
export function assessObject(obj: KubeObject): ObjectReadiness {
  if (typeof obj.metadata.deletionTimestamp === 'string') return { ready: false, reason: 'being deleted' };
  const assess = ASSESSORS[`${groupOf(obj.apiVersion)}/${obj.kind}`];
  return assess ? assess(obj) : READY;
}

/** Groups by component name (several gateways share one) in first-seen order; a missing object is not ready. */
export function assessComponents(components: readonly ObservedComponent[]): ComponentReadiness[] {
  const byName = new Map<string, ComponentReadiness>();
  for (const { component, objects } of components) {
    const entry = byName.get(component) ?? { component, ready: true, failed: false, objectCount: 0, reasons: [] };
    byName.set(component, entry);
    for (const { ref, live } of objects) {
      entry.objectCount++;
      const result: ObjectReadiness = live ? assessObject(live) : { ready: false, reason: 'not found' };
      if (result.ready) continue;
      entry.ready = false;
      entry.failed ||= result.failed === true;
      entry.reasons.push(`${formatRef(ref)}: ${result.reason ?? 'not ready'}`);
    }
  }
  return [...byName.values()];
}

const ASSESSORS: Record<string, Assessor> = {
  'apps/Deployment': assessDeployment,
  'apps/StatefulSet': assessStatefulSet,
  'apps/DaemonSet': assessDaemonSet,
  'apiextensions.k8s.io/CustomResourceDefinition': assessCrd,
  '/Namespace': (obj) => (str(obj, 'status', 'phase') === 'Terminating' ? { ready: false, reason: 'namespace is terminating' } : READY),
};

function assessDeployment(obj: KubeObject): ObjectReadiness {
  const stale = assessObservedGeneration(obj);
  if (stale) return stale;
  const progressing = findStatusCondition(obj, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return { ready: false, failed: true, reason: `progress deadline exceeded${progressing.message ? `: ${progressing.message}` : ''}` };
  }
  const want = num(obj, 'spec', 'replicas') ?? 1;
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  const total = num(obj, 'status', 'replicas') ?? 0;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  if (updated < want) return { ready: false, reason: `${updated}/${want} replicas updated` };
  if (total > updated) return { ready: false, reason: `${total - updated} old replicas pending termination` };
  if (available < want) return { ready: false, reason: `${available}/${want} replicas available` };
  return READY;
}

function assessStatefulSet(obj: KubeObject): ObjectReadiness {
  const stale = assessObservedGeneration(obj);
  if (stale) return stale;
  const want = num(obj, 'spec', 'replicas') ?? 1;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  const strategy = str(obj, 'spec', 'updateStrategy', 'type') ?? 'RollingUpdate';
  if (strategy === 'RollingUpdate') {
    // Pods below the partition are deliberately left on the old revision.
    const partition = num(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
    const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
    const target = Math.max(0, want - partition);
    if (updated < target) return { ready: false, reason: `${updated}/${target} replicas updated` };
  }
  if (ready < want) return { ready: false, reason: `${ready}/${want} replicas ready` };
  return READY;
}

function assessDaemonSet(obj: KubeObject): ObjectReadiness {
  const stale = assessObservedGeneration(obj);
  if (stale) return stale;
  const desired = num(obj, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = num(obj, 'status', 'updatedNumberScheduled') ?? 0;
  const available = num(obj, 'status', 'numberAvailable') ?? 0;
  if (updated < desired) return { ready: false, reason: `${updated}/${desired} pods updated` };
  if (available < desired) return { ready: false, reason: `${available}/${desired} pods available` };
  return READY;
}

function assessCrd(obj: KubeObject): ObjectReadiness {
  const established = findStatusCondition(obj, 'Established');
  if (established?.status === 'True') return READY;
  const names = findStatusCondition(obj, 'NamesAccepted');
  if (names?.status === 'False') return { ready: false, failed: true, reason: `names not accepted: ${names.message ?? names.reason ?? ''}` };
  return { ready: false, reason: 'not established' };
}

/** The controller has not yet acted on the latest spec, so the rest of status describes an older one. */
function assessObservedGeneration(obj: KubeObject): ObjectReadiness | undefined {
  const generation = typeof obj.metadata.generation === 'number' ? obj.metadata.generation : undefined;
  const observed = num(obj, 'status', 'observedGeneration');
  if (observed === undefined) return { ready: false, reason: 'status not yet reported' };
  if (generation !== undefined && observed < generation) return { ready: false, reason: `generation ${generation} not yet observed` };
  return undefined;
}

interface StatusCondition {
  status?: string;
  reason?: string;
  message?: string;
}

function findStatusCondition(obj: KubeObject, type: string): StatusCondition | undefined {
  const list = at(obj, 'status', 'conditions');
  if (!Array.isArray(list)) return undefined;
  const found: unknown = list.find((c) => isRecord(c) && c.type === type);
  if (!isRecord(found)) return undefined;
  const text = (k: string): string | undefined => (typeof found[k] === 'string' ? (found[k] as string) : undefined);
  return { status: text('status'), reason: text('reason'), message: text('message') };
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function num(obj: KubeObject, ...path: string[]): number | undefined {
  const v = at(obj, ...path);
  return typeof v === 'number' ? v : undefined;
}

function str(obj: KubeObject, ...path: string[]): string | undefined {
  const v = at(obj, ...path);
  return typeof v === 'string' ? v : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
