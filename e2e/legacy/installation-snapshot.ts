import { identityOf, type KubeObject } from '../../src/api/kube-object.js';
import { LabelKeys } from '../../src/api/labels.js';
import { OWNED_KINDS } from '../../src/kube/owned-kinds.js';
import type { JsonValue } from '../../src/api/json.js';
import type { ClusterClient } from '../support/cluster-client.js';
import { diffJson } from '../support/json-patch.js';

/** Every installed object (Istio's component label) with its uid and pod template, CRDs and namespaces aside. */
export type Snapshot = Map<string, { uid: string; template?: string }>;

const SKIPPED = new Set(['CustomResourceDefinition', 'Namespace']);

export async function takeSnapshot(cluster: ClusterClient): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  for (const kind of OWNED_KINDS.filter((k) => !SKIPPED.has(k.kind))) {
    const items = await cluster.list(kind, { labelSelector: LabelKeys.component }).catch(() => [] as KubeObject[]);
    for (const o of items) {
      const spec = o.spec as { template?: unknown } | undefined;
      snapshot.set(identityOf(o), { uid: String(o.metadata.uid), ...(spec?.template ? { template: JSON.stringify(spec.template) } : {}) });
    }
  }
  return snapshot;
}

/** What happened between two snapshots: objects deleted, recreated (new uid), pod templates changed. */
export function compareSnapshots(before: Snapshot, after: Snapshot): { deleted: string[]; recreated: string[]; rolledOut: string[]; added: string[] } {
  const result = { deleted: [] as string[], recreated: [] as string[], rolledOut: [] as string[], added: [] as string[] };
  for (const [id, was] of before) {
    const now = after.get(id);
    if (!now) result.deleted.push(id);
    else if (now.uid !== was.uid) result.recreated.push(id);
    else if (now.template !== was.template) result.rolledOut.push(id);
  }
  for (const id of after.keys()) if (!before.has(id)) result.added.push(id);
  return result;
}

/**
 * Removes every Istio object a scenario left (component label), except CRDs: the next scenario starts
 * from no installation. Namespaced objects go with their namespace.
 */
export async function removeInstallations(cluster: ClusterClient, namespaces: readonly string[]): Promise<void> {
  for (const kind of OWNED_KINDS.filter((k) => !SKIPPED.has(k.kind))) {
    const items = await cluster.list(kind, { labelSelector: LabelKeys.component }).catch(() => [] as KubeObject[]);
    for (const o of items) await cluster.delete({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) }).catch(() => undefined);
  }
  for (const ns of namespaces) await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  for (const ns of namespaces) {
    for (let i = 0; i < 240 && (await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: ns })); i++) await new Promise((r) => setTimeout(r, 250));
  }
}

/** The leaf paths where a rolled-out object's pod template changed between two snapshots. */
export function templateChanges(before: Snapshot, after: Snapshot, id: string): string[] {
  const parse = (s: Snapshot): JsonValue | undefined => {
    const template = s.get(id)?.template;
    return template === undefined ? undefined : (JSON.parse(template) as JsonValue);
  };
  return diffJson(parse(before), parse(after)).map((d) => d.path);
}
