import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { isRelevantChange } from './change-predicate.js';

const deploy = (meta: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'istiod', namespace: 'istio-system', generation: 1, resourceVersion: '1', labels: { a: 'b' }, ...meta },
  spec: { replicas: 2 },
  status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, ...status },
});
const cm = (data: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', resourceVersion: rv }, data: { k: data } });
const change = (previous: KubeObject | undefined, deleted = false) => ({ previous, deleted });

describe('isRelevantChange', () => {
  const ready = deploy({}, { availableReplicas: 2 });

  it('wakes the owner for new and deleted objects', () => {
    expect(isRelevantChange(ready, change(undefined))).toBe(true);
    expect(isRelevantChange(ready, change(ready, true))).toBe(true);
  });

  it('ignores status-only changes and resourceVersion bumps that keep readiness', () => {
    expect(isRelevantChange(deploy({ resourceVersion: '2' }, { availableReplicas: 2, readyReplicas: 2 }), change(ready))).toBe(false);
    const half = deploy({}, { availableReplicas: 0 });
    expect(isRelevantChange(deploy({ resourceVersion: '3' }, { availableReplicas: 1 }), change(half))).toBe(false);
    expect(isRelevantChange(cm('x', '5'), change(cm('x', '4')))).toBe(false);
  });

  it('wakes the owner when readiness changes (a not-yet-ready workload becomes ready, or stops being ready)', () => {
    const half = deploy({}, { availableReplicas: 1 });
    expect(isRelevantChange(ready, change(half))).toBe(true);
    expect(isRelevantChange(half, change(ready))).toBe(true);
  });

  it('wakes the owner for a new generation, labels, annotations, deletion, or the data of a kind without generations', () => {
    expect(isRelevantChange(deploy({ generation: 2 }, { availableReplicas: 2 }), change(ready))).toBe(true);
    expect(isRelevantChange(deploy({ labels: {} }, { availableReplicas: 2 }), change(ready))).toBe(true);
    expect(isRelevantChange(deploy({ annotations: { x: 'y' } }, { availableReplicas: 2 }), change(ready))).toBe(true);
    expect(isRelevantChange(deploy({ deletionTimestamp: '2026-01-01T00:00:00Z' }, { availableReplicas: 2 }), change(ready))).toBe(true);
    expect(isRelevantChange(cm('y', '5'), change(cm('x', '4')))).toBe(true);
  });

  it('ignores istiod patching the webhook fields it owns, though the generation moves', () => {
    const hook = { name: 'rev.validation.istio.io', failurePolicy: 'Ignore', clientConfig: { service: { name: 'istiod', namespace: 'istio-system' } } };
    const ours: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'v', generation: 1, resourceVersion: '8' }, webhooks: [hook] };
    const patched: KubeObject = { ...ours, metadata: { name: 'v', generation: 2, resourceVersion: '9' }, webhooks: [{ ...hook, failurePolicy: 'Fail', clientConfig: { ...hook.clientConfig, caBundle: 'Y2E=' } }] };
    expect(isRelevantChange(patched, change(ours))).toBe(false);
    const rerouted: KubeObject = { ...patched, webhooks: [{ ...hook, clientConfig: { service: { name: 'other', namespace: 'x' } } }] };
    expect(isRelevantChange(rerouted, change(ours))).toBe(true);
  });
});
