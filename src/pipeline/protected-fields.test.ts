import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { parseOverlayPath, type PathSegment } from './overlay-path.js';
import { checkProtectedFieldsKept, findProtectedField } from './protected-fields.js';

const segs = (path: string): PathSegment[] => {
  const parsed = parseOverlayPath(path);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('findProtectedField', () => {
  it.each([
    ['Deployment', 'kind', 'kind'],
    ['Deployment', 'apiVersion', 'apiVersion'],
    ['Deployment', 'metadata', 'metadata.name'],
    ['Deployment', 'metadata.name', 'metadata.name'],
    ['Deployment', 'metadata.Namespace', 'metadata.namespace'],
    ['Deployment', 'metadata.generateName', 'metadata.generateName'],
    ['ClusterRole', 'rules', 'rules'],
    ['ClusterRole', 'rules[0].verbs[-1]', 'rules'],
    ['ClusterRole', 'aggregationRule.clusterRoleSelectors', 'aggregationRule'],
    ['Role', 'rules.[-1]', 'rules'],
    ['RoleBinding', 'subjects[-1]', 'subjects'],
    ['ClusterRoleBinding', 'roleRef.name', 'roleRef'],
  ])('%s %s -> %s', (kind, path, field) => {
    expect(findProtectedField(kind, segs(path))).toBe(field);
  });

  it.each([
    ['Deployment', 'metadata.labels.a'],
    ['Deployment', 'metadata.annotations'],
    ['Deployment', 'spec.template.metadata.name'],
    ['Deployment', 'rules'],
    ['ConfigMap', 'data.subjects'],
    ['ClusterRole', 'metadata.labels.x'],
  ])('%s %s is not protected', (kind, path) => {
    expect(findProtectedField(kind, segs(path))).toBeUndefined();
  });
});

describe('checkProtectedFieldsKept', () => {
  const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ verbs: ['get'] }] } as KubeObject;
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', labels: { a: '1' } } };

  it('accepts changes elsewhere', () => {
    expect(checkProtectedFieldsKept([role, cm], [role, { ...cm, metadata: { ...cm.metadata, labels: { b: '2' } } }], 'w')).toEqual([]);
  });

  it.each<[string, KubeObject[]]>([
    ['a renamed object', [role, { ...cm, metadata: { ...cm.metadata, name: 'other' } }]],
    ['a moved object', [role, { ...cm, metadata: { name: 'c', namespace: 'kube-system' } }]],
    ['a new kind', [role, { ...cm, kind: 'Secret' }]],
    ['wider rules', [{ ...role, rules: [{ verbs: ['*'] }] } as KubeObject, cm]],
  ])('refuses %s', (_, after) => {
    expect(checkProtectedFieldsKept([role, cm], after, 'w')).toHaveLength(1);
  });

  it('refuses an object added or removed', () => {
    expect(checkProtectedFieldsKept([role, cm], [role], 'w')).toEqual([{ path: 'w', reason: 'post-processing turned 2 rendered objects into 1; refused' }]);
  });
});
