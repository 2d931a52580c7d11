import { describe, expect, it } from 'vitest';
import { formatRef, groupOf } from './kube-object.js';

describe('object references', () => {
  it('derives the API group from apiVersion', () => {
    expect(groupOf('apps/v1')).toBe('apps');
    expect(groupOf('v1')).toBe('');
  });
  it('formats namespaced and cluster-scoped references', () => {
    expect(formatRef({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' })).toBe(
      'Deployment.apps istio-system/istiod',
    );
    expect(formatRef({ apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' })).toBe('Namespace istio-system');
  });
});
