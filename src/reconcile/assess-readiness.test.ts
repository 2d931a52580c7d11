import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { assessComponents, assessObject } from './assess-readiness.js';

function obj(apiVersion: string, kind: string, body: JsonObject = {}, generation = 1): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'istio-system', generation }, ...body };
}

const deploy = (spec: JsonObject, status: JsonObject | undefined, generation = 2): KubeObject =>
  obj('apps/v1', 'Deployment', { spec, ...(status ? { status } : {}) }, generation);

const deadline = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "istiod-1" has timed out progressing.' };

describe('assessObject', () => {
  const cases: { name: string; obj: KubeObject; ready: boolean; reason?: RegExp; failed?: boolean }[] = [
    { name: 'Deployment without status', obj: deploy({}, undefined), ready: false, reason: /status not yet reported/ },
    { name: 'Deployment with stale observedGeneration', obj: deploy({ replicas: 1 }, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }), ready: false, reason: /generation 2 not yet observed/ },
    { name: 'Deployment rolled out (replicas default 1)', obj: deploy({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }), ready: true },
    { name: 'Deployment updating', obj: deploy({ replicas: 3 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 3 }), ready: false, reason: /1\/3 replicas updated/ },
    { name: 'Deployment with old replicas left', obj: deploy({ replicas: 2 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 }), ready: false, reason: /1 old replicas pending termination/ },
    { name: 'Deployment not available', obj: deploy({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 }), ready: false, reason: /1\/2 replicas available/ },
    { name: 'Deployment scaled to zero', obj: deploy({ replicas: 0 }, { observedGeneration: 2 }), ready: true },
    { name: 'Deployment past its progress deadline', obj: deploy({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 0, conditions: [deadline] }), ready: false, failed: true, reason: /progress deadline exceeded: ReplicaSet/ },
    { name: 'StatefulSet ready', obj: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2 } }), ready: true },
    { name: 'StatefulSet not ready', obj: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 2 } }), ready: false, reason: /1\/2 replicas ready/ },
    { name: 'StatefulSet updating', obj: obj('apps/v1', 'StatefulSet', { spec: {}, status: { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 0 } }), ready: false, reason: /0\/1 replicas updated/ },
    {
      name: 'StatefulSet with a partition',
      obj: obj('apps/v1', 'StatefulSet', { spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }, status: { observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1 } }),
      ready: true,
    },
    { name: 'StatefulSet OnDelete ignores updates', obj: obj('apps/v1', 'StatefulSet', { spec: { updateStrategy: { type: 'OnDelete' } }, status: { observedGeneration: 1, readyReplicas: 1 } }), ready: true },
    { name: 'DaemonSet ready', obj: obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 } }), ready: true },
    { name: 'DaemonSet on no nodes', obj: obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1, desiredNumberScheduled: 0 } }), ready: true },
    { name: 'DaemonSet updating', obj: obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 1, numberAvailable: 2 } }), ready: false, reason: /1\/2 pods updated/ },
    { name: 'DaemonSet unavailable', obj: obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 0 } }), ready: false, reason: /0\/2 pods available/ },
    { name: 'CRD established', obj: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { status: { conditions: [{ type: 'Established', status: 'True' }] } }), ready: true },
    { name: 'CRD not yet established', obj: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { status: { conditions: [{ type: 'Established', status: 'False' }] } }), ready: false, reason: /not established/ },
    { name: 'CRD without status', obj: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition'), ready: false, reason: /not established/ },
    {
      name: 'CRD with rejected names',
      obj: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { status: { conditions: [{ type: 'NamesAccepted', status: 'False', reason: 'KindConflict', message: 'kind is already used' }] } }),
      ready: false,
      failed: true,
      reason: /names not accepted: kind is already used/,
    },
    { name: 'Service (even a pending LoadBalancer)', obj: obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }), ready: true },
    { name: 'ConfigMap', obj: obj('v1', 'ConfigMap', { data: {} }), ready: true },
    { name: 'HPA', obj: obj('autoscaling/v2', 'HorizontalPodAutoscaler'), ready: true },
    { name: 'PDB', obj: obj('policy/v1', 'PodDisruptionBudget'), ready: true },
    { name: 'ClusterRole', obj: obj('rbac.authorization.k8s.io/v1', 'ClusterRole'), ready: true },
    { name: 'webhook configuration', obj: obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'), ready: true },
    { name: 'Deployment-like kind in another group', obj: obj('example.com/v1', 'Deployment'), ready: true },
    { name: 'active Namespace', obj: obj('v1', 'Namespace', { status: { phase: 'Active' } }), ready: true },
    { name: 'terminating Namespace', obj: obj('v1', 'Namespace', { status: { phase: 'Terminating' } }), ready: false, reason: /terminating/ },
    { name: 'object being deleted', obj: { ...obj('v1', 'ConfigMap'), metadata: { name: 'x', deletionTimestamp: '2025-01-01T00:00:00Z' } }, ready: false, reason: /being deleted/ },
  ];

  it.each(cases)('$name -> ready $ready', ({ obj: o, ready, reason, failed }) => {
    const result = assessObject(o);
    expect(result.ready).toBe(ready);
    if (reason) expect(result.reason).toMatch(reason);
    if (ready) expect(result.reason).toBeUndefined();
    expect(result.failed === true).toBe(failed === true);
  });
});

describe('assessComponents', () => {
  const istiodRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' };
  const cmRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'istio-system', name: 'istio' };
  const readyIstiod = deploy({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 });

  it('reports missing objects as not ready, naming them', () => {
    const [pilot] = assessComponents([{ component: 'Pilot', objects: [{ ref: istiodRef, live: readyIstiod }, { ref: cmRef, live: undefined }] }]);
    expect(pilot).toEqual({ component: 'Pilot', ready: false, failed: false, objectCount: 2, reasons: ['ConfigMap istio-system/istio: not found'] });
  });

  it('merges entries of the same component in first-seen order and propagates failure', () => {
    const gw = (name: string, live: KubeObject | undefined) => ({ ref: { ...istiodRef, name }, live });
    const stuck = deploy({}, { observedGeneration: 2, conditions: [deadline] });
    const result = assessComponents([
      { component: 'IngressGateways', objects: [gw('a', readyIstiod)] },
      { component: 'Base', objects: [] },
      { component: 'IngressGateways', objects: [gw('b', stuck)] },
    ]);
    expect(result.map((c) => [c.component, c.ready, c.failed, c.objectCount])).toEqual([
      ['IngressGateways', false, true, 2],
      ['Base', true, false, 0],
    ]);
    expect(result[0]?.reasons).toEqual([expect.stringMatching(/^Deployment\.apps istio-system\/b: progress deadline exceeded/)]);
  });
});
