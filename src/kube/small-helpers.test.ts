import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { computeChanged, refKey } from './change-set.js';
import { buildCrdKindKey, buildKindKey, isCrdEstablished } from './crd-established.js';
import { buildMicroTime } from './events.js';
import { buildOwnerSelector } from './list-owned.js';
import { buildCollectionPath, buildObjectPath } from './resource-paths.js';
import { computeBackoff } from './watch-resources.js';

describe('resource paths', () => {
  it.each<[string, boolean, string | undefined, string]>([
    ['v1', true, 'ns', '/api/v1/namespaces/ns/services'],
    ['v1', true, undefined, '/api/v1/services'],
    ['apps/v1', true, 'ns', '/apis/apps/v1/namespaces/ns/services'],
    ['rbac.authorization.k8s.io/v1', false, 'ignored', '/apis/rbac.authorization.k8s.io/v1/services'],
  ])('%s namespaced=%s ns=%s', (apiVersion, namespaced, ns, path) => {
    expect(buildCollectionPath(apiVersion, { plural: 'services', namespaced }, ns)).toBe(path);
  });
  it('refuses a namespaced object without a namespace', () => {
    expect(() => buildObjectPath('v1', { plural: 'services', namespaced: true }, 'x')).toThrow(/no namespace/);
    expect(buildObjectPath('v1', { plural: 'namespaces', namespaced: false }, 'x')).toBe('/api/v1/namespaces/x');
  });
});

describe('CRD helpers', () => {
  const crd: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gateways.networking.istio.io' },
    spec: { group: 'networking.istio.io', names: { kind: 'Gateway', plural: 'gateways' } },
    status: { conditions: [{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }] },
  };
  it('keys a CRD and its instances the same way', () => {
    expect(buildCrdKindKey(crd)).toBe(buildKindKey({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway' }));
    expect(buildKindKey({ apiVersion: 'v1', kind: 'Service' })).toBe('/Service');
  });
  it('reads the Established condition', () => {
    expect(isCrdEstablished(crd)).toBe(true);
    expect(isCrdEstablished({ ...crd, status: { conditions: [{ type: 'Established', status: 'False' }] } })).toBe(false);
    expect(isCrdEstablished(undefined)).toBe(false);
  });
});

describe('small builders', () => {
  it('selects on both ownership labels', () => {
    expect(buildOwnerSelector({ name: 'a', namespace: 'b' })).toBe(
      'install.operator.istio.io/owning-resource=a,install.operator.istio.io/owning-resource-namespace=b',
    );
  });
  it('formats MicroTime with six fractional digits', () => {
    expect(buildMicroTime(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:05.678000Z');
  });
  it.each([[0, 500], [1, 1000], [3, 4000], [10, 30_000], [1000, 30_000]])('backoff attempt %i -> %i ms', (attempt, ms) => {
    expect(computeBackoff(attempt, 500, 30_000)).toBe(ms);
  });
  it('keys refs and objects alike and filters unchanged entries', () => {
    const o: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' } };
    expect(refKey(o)).toBe(refKey({ apiVersion: 'apps/v1beta1', kind: 'Deployment', namespace: 'n', name: 'd' }));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' };
    const cs = { entries: [{ ref, action: 'unchanged' as const }, { ref, action: 'created' as const }], requests: { reads: 2, writes: 1 } };
    expect(computeChanged(cs)).toEqual([{ ref, action: 'created' }]);
  });
});
