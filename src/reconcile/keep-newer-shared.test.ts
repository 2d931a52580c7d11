import { describe, expect, it } from 'vitest';
import { identityOf, type KubeObject } from '../api/kube-object.js';
import { keepNewerShared } from './keep-newer-shared.js';

const crd = (name: string, version?: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name, ...(version ? { labels: { 'app.kubernetes.io/version': version } } : {}) },
});
const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system', labels: { 'app.kubernetes.io/version': '9.9.9' } } };

describe('keepNewerShared', () => {
  const sharedIds = new Set(['a.istio.io', 'b.istio.io', 'c.istio.io'].map((n) => identityOf(crd(n))));
  const desired = [crd('a.istio.io', '1.30.3'), crd('b.istio.io', '1.30.3'), crd('c.istio.io', '1.30.3'), cm];
  const live = new Map([crd('a.istio.io', '1.31.0'), crd('b.istio.io', '1.29.6'), { ...cm }].map((o) => [identityOf(o), o]));

  it('leaves out a CRD a newer release wrote, and applies one an older release wrote or nobody did', () => {
    const { apply, kept } = keepNewerShared(desired, sharedIds, live, '1.30.3');
    expect(kept.map((o) => o.metadata.name)).toEqual(['a.istio.io']);
    expect(apply.map((o) => o.metadata.name)).toEqual(['b.istio.io', 'c.istio.io', 'istio']);
  });

  it('judges only the shared objects, and an unreadable label never holds one back', () => {
    const odd = new Map([[identityOf(crd('a.istio.io')), crd('a.istio.io', 'my-build')]]);
    expect(keepNewerShared(desired, sharedIds, odd, '1.30.3').kept).toEqual([]);
  });
});
