import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { mapEventToKey } from './map-event-to-key.js';

const iop: KubeObject = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'mesh', namespace: 'istio-system' } };
const owned = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'x', labels } });

describe('mapEventToKey', () => {
  it.each([
    ['an IstioOperator maps to itself', iop, [], 'istio-system/mesh'],
    ['an owned object maps to its owner', owned({ 'install.operator.istio.io/owning-resource': 'mesh', 'install.operator.istio.io/owning-resource-namespace': 'ops' }), [], 'ops/mesh'],
    ['an object without both labels maps to nothing', owned({ 'install.operator.istio.io/owning-resource': 'mesh' }), [], undefined],
    ['an owner outside the watched namespaces maps to nothing', iop, ['other'], undefined],
    ['an owner inside the watched namespaces is kept', iop, ['istio-system'], 'istio-system/mesh'],
  ] as const)('%s', (_name, obj, namespaces, expected) => {
    expect(mapEventToKey(obj, namespaces)).toBe(expected);
  });
});
