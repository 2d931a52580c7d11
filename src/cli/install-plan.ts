import { formatRef, refOf, type KubeObject, type ObjectRef } from '../api/kube-object.js';
import { ObjectStates, type ObjectDrift } from '../kube/verify-objects.js';
import { formatTable } from './progress.js';

export interface InstallPlan {
  create: ObjectRef[];
  configure: { ref: ObjectRef; path: string }[];
  prune: ObjectRef[];
  unchanged: number;
}

/** What `install` would do, from the live reads alone: namespaces first, then objects in apply order. */
export function buildInstallPlan(missingNamespaces: readonly string[], drift: readonly ObjectDrift[], prunable: readonly KubeObject[]): InstallPlan {
  const namespaces = missingNamespaces.map((name): ObjectRef => ({ apiVersion: 'v1', kind: 'Namespace', name }));
  return {
    create: [...namespaces, ...drift.filter((d) => d.state === ObjectStates.missing).map((d) => d.ref)],
    configure: drift.flatMap((d) => (d.state === ObjectStates.drifted ? [{ ref: d.ref, path: d.path ?? '' }] : [])),
    prune: prunable.map(refOf),
    unchanged: drift.filter((d) => d.state === ObjectStates.matches).length,
  };
}

export function formatInstallPlan(plan: InstallPlan): string {
  const rows = [
    ...plan.create.map((ref) => ['create', formatRef(ref), '']),
    ...plan.configure.map(({ ref, path }) => ['configure', formatRef(ref), `differs at ${path}`]),
    ...plan.prune.map((ref) => ['prune', formatRef(ref), 'no longer rendered']),
  ];
  const table = rows.length > 0 ? formatTable(['ACTION', 'OBJECT', 'DETAIL'], rows) : 'Nothing to change.\n';
  const counts = `${plan.create.length} to create, ${plan.configure.length} to configure, ${plan.prune.length} to prune, ${plan.unchanged} unchanged`;
  return `${table}\nDry run: ${counts}. Nothing was written.\n`;
}
