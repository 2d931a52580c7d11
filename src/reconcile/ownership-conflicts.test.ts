import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { identityOf as refKey } from '../api/kube-object.js';
import { findOwnershipConflicts } from './ownership-conflicts.js';

const owner = { name: 'main', namespace: 'istio-system' };
// As rendered for this owner: the ownership labels are on the desired object.
const desired: KubeObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'istiod', namespace: 'istio-system', labels: { [LabelKeys.owningResource]: 'main', [LabelKeys.owningResourceNamespace]: 'istio-system' } },
};
const withLabels = (labels?: Record<string, string>): KubeObject => ({ ...desired, metadata: { ...desired.metadata, ...(labels ? { labels } : {}) } });
const own = (name: string, namespace?: string): Record<string, string> => ({
  [LabelKeys.owningResource]: name,
  ...(namespace !== undefined ? { [LabelKeys.owningResourceNamespace]: namespace } : {}),
});

describe('findOwnershipConflicts', () => {
  it.each<[string, KubeObject | undefined, { name: string; namespace: string } | undefined]>([
    ['absent object', undefined, undefined],
    ['owned by us', withLabels(own('main', 'istio-system')), undefined],
    ['other name', withLabels(own('other', 'istio-system')), { name: 'other', namespace: 'istio-system' }],
    ['same name, other namespace', withLabels(own('main', 'team-a')), { name: 'main', namespace: 'team-a' }],
    ['legacy label without namespace', withLabels(own('main')), { name: 'main', namespace: '' }],
  ])('%s', (_name, live, other) => {
    const conflicts = findOwnershipConflicts([desired], new Map([[refKey(desired), live]]), owner);
    expect(conflicts).toEqual(other ? [{ ref: { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'istio-system', name: 'istiod' }, otherOwner: other }] : []);
  });

  const unlabelled: KubeObject = { ...desired, metadata: { name: 'istiod', namespace: 'istio-system', uid: 'u-1', labels: { app: 'mine' } } };
  const ref = { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'istio-system', name: 'istiod' };

  it('refuses to adopt an existing object without owner labels', () => {
    expect(findOwnershipConflicts([desired], new Map([[refKey(desired), unlabelled]]), owner)).toEqual([{ ref, otherOwner: undefined }]);
  });

  it('adopts it when the IstioOperator asks, or when our inventory recorded its uid (it lost its labels)', () => {
    const live = new Map([[refKey(desired), unlabelled]]);
    expect(findOwnershipConflicts([desired], live, owner, { adopt: true })).toEqual([]);
    expect(findOwnershipConflicts([desired], live, owner, { inventoryUids: new Set(['u-1']) })).toEqual([]);
    expect(findOwnershipConflicts([desired], live, owner, { inventoryUids: new Set(['u-2']) })).toEqual([{ ref, otherOwner: undefined }]);
  });

  it('never reports a shared object (rendered without owner labels), whoever labelled the live copy', () => {
    const shared: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istio-reader-service-account', namespace: 'istio-system' } };
    const live: KubeObject = { ...shared, metadata: { ...shared.metadata, labels: own('other', 'elsewhere') } };
    expect(findOwnershipConflicts([shared], new Map([[refKey(shared), live]]), owner)).toEqual([]);
  });
});
