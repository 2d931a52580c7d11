import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys, LEGACY_FIELD_MANAGER } from '../api/labels.js';
import { identityOf as refKey } from '../api/kube-object.js';
import { findOwnership } from './ownership-conflicts.js';

const owner = { name: 'main', namespace: 'istio-system' };
// As rendered for this owner: the ownership labels are on the desired object.
const desired: KubeObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'istiod', namespace: 'istio-system', labels: { [LabelKeys.owningResource]: 'main', [LabelKeys.owningResourceNamespace]: 'istio-system' } },
};
const own = (name: string, namespace?: string): Record<string, string> => ({
  [LabelKeys.owningResource]: name,
  ...(namespace !== undefined ? { [LabelKeys.owningResourceNamespace]: namespace } : {}),
});
const managedBy = (manager: string) => [{ manager, operation: 'Apply', fieldsV1: {} }];
const liveCopy = (labels: Record<string, string> | undefined, manager: string, uid = 'u-1'): KubeObject => ({
  ...desired,
  metadata: { name: 'istiod', namespace: 'istio-system', uid, ...(labels ? { labels } : {}), managedFields: managedBy(manager) },
});
const ref = { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'istio-system', name: 'istiod' };
const find = (live: KubeObject | undefined, uids: string[] = [], obj: KubeObject = desired) => findOwnership([obj], new Map([[refKey(obj), live]]), owner, new Set(uids));

describe('findOwnership', () => {
  it('finds nothing for an absent object or one we applied with our labels', () => {
    expect(find(undefined)).toEqual({ conflicts: [], foreign: [] });
    expect(find(liveCopy(own('main', 'istio-system'), FIELD_MANAGER))).toEqual({ conflicts: [], foreign: [] });
  });

  it.each<[string, Record<string, string>, { name: string; namespace: string }]>([
    ['other name', own('other', 'istio-system'), { name: 'other', namespace: 'istio-system' }],
    ['same name, other namespace', own('main', 'team-a'), { name: 'main', namespace: 'team-a' }],
    ['label without namespace', own('main'), { name: 'main', namespace: '' }],
  ])('reports a conflict with another IstioOperator of ours: %s', (_name, labels, other) => {
    expect(find(liveCopy(labels, FIELD_MANAGER))).toEqual({ conflicts: [{ ref, otherOwner: other }], foreign: [] });
  });

  it("calls foreign what carries our very labels but another installer's field manager (Istio's old operator, istioctl)", () => {
    const theirs = liveCopy(own('main', 'istio-system'), LEGACY_FIELD_MANAGER);
    expect(find(theirs)).toEqual({ conflicts: [], foreign: [theirs] });
  });

  it('calls foreign an existing object without owner labels that we never applied', () => {
    const unlabelled = liveCopy({ app: 'mine' }, 'kubectl-client-side-apply');
    expect(find(unlabelled)).toEqual({ conflicts: [], foreign: [unlabelled] });
  });

  it('keeps as ours an object whose uid our inventory recorded, whoever manages it now', () => {
    expect(find(liveCopy({ app: 'mine' }, 'kubectl-edit', 'u-1'), ['u-1'])).toEqual({ conflicts: [], foreign: [] });
    expect(find(liveCopy({ app: 'mine' }, 'kubectl-edit', 'u-2'), ['u-1']).foreign).toHaveLength(1);
  });

  it('shares a Base object (rendered without owner labels) once we applied it, but not one another installer made', () => {
    const shared: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istio-reader-service-account', namespace: 'istio-system' } };
    const ours: KubeObject = { ...shared, metadata: { ...shared.metadata, labels: own('other', 'elsewhere'), managedFields: managedBy(FIELD_MANAGER) } };
    const theirs: KubeObject = { ...shared, metadata: { ...shared.metadata, managedFields: managedBy(LEGACY_FIELD_MANAGER) } };
    expect(find(ours, [], shared)).toEqual({ conflicts: [], foreign: [] });
    expect(find(theirs, [], shared)).toEqual({ conflicts: [], foreign: [theirs] });
  });
});
