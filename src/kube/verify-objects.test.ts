import { describe, expect, it } from 'vitest';
import { identityOf, type KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { computeObjectDrift } from './verify-objects.js';

const owner = (name: string) => ({ [LabelKeys.owningResource]: name, [LabelKeys.owningResourceNamespace]: 'istio-system' });
/** What a server-side apply by our manager leaves behind: the values plus an Apply entry owning them. */
function applied(obj: KubeObject, labels: Record<string, string> = obj.metadata.labels ?? {}): KubeObject {
  const fLabels = Object.fromEntries(Object.keys(labels).map((k) => [`f:${k}`, {}]));
  const fData = Object.fromEntries(Object.keys((obj.data as Record<string, string> | undefined) ?? {}).map((k) => [`f:${k}`, {}]));
  return {
    ...obj,
    metadata: { ...obj.metadata, labels, managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': fLabels }, ...(obj.data ? { 'f:data': fData } : {}) } }] },
  };
}

const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system', labels: owner('mine') }, data: { mesh: 'a' } };
const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gateways.networking.istio.io', labels: { [LabelKeys.component]: 'Base' } } };
const liveOf = (...objs: KubeObject[]) => new Map(objs.map((o) => [identityOf(o), o]));

describe('computeObjectDrift', () => {
  it.each([
    ['absent', [], { state: 'missing' }],
    ['applied as rendered', [applied(cm)], { state: 'matches' }],
    ['edited by someone', [applied({ ...cm, data: { mesh: 'b' } })], { state: 'drifted', path: 'data.mesh' }],
    ['owned by another installation', [applied(cm, owner('theirs'))], { state: 'drifted', path: `metadata.labels.${LabelKeys.owningResource}` }],
  ])('a ConfigMap %s', (_name, live, expected) => {
    expect(computeObjectDrift([cm], liveOf(...live))).toEqual([{ ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'istio-system', name: 'istio' }, ...expected }]);
  });

  it('judges a shared CRD by its fields: no owner label is rendered, so whoever applied it last does not matter', () => {
    expect(computeObjectDrift([crd], liveOf(applied(crd)))[0]?.state).toBe('matches');
  });
});
