import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { computeApplyDrift, isApplyNoop } from './apply-noop.js';

const M = 'istio-operator';

const desired: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
  spec: { ports: [{ name: 'grpc', port: 15010 }], selector: { app: 'istiod' } },
};

const ourFields: JsonObject = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:ports': { 'k:{"port":15010,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
    'f:selector': { 'f:app': {} },
  },
};

function live(over: { labels?: Record<string, string>; spec?: JsonObject; managed?: JsonObject[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'istiod',
      namespace: 'istio-system',
      resourceVersion: '7',
      labels: over.labels ?? { app: 'istiod', extra: 'x' },
      managedFields: over.managed ?? [{ manager: M, operation: 'Apply', fieldsV1: ourFields }],
    },
    spec: over.spec ?? {
      clusterIP: '10.0.0.1',
      type: 'ClusterIP',
      ports: [{ name: 'grpc', port: 15010, protocol: 'TCP', targetPort: 15010 }],
      selector: { app: 'istiod' },
    },
  };
}

/** The `f:` set an Apply of `v` records, treating every list as atomic. */
function buildFields(v: JsonObject): JsonObject {
  const entries = Object.entries(v).filter(([, x]) => x !== null);
  return Object.fromEntries(entries.map(([k, x]) => [`f:${k}`, isJsonObject(x) ? buildFields(x) : {}]));
}

describe('isApplyNoop', () => {
  it('is a no-op when every value we set is live and owned by our Apply entry (defaults ignored)', () => {
    expect(computeApplyDrift(desired, live(), M)).toBeUndefined();
    expect(isApplyNoop(desired, live(), M)).toBe(true);
  });

  it.each<[string, KubeObject | undefined, string]>([
    ['object missing', undefined, '(object missing)'],
    ['label value changed', live({ labels: { app: 'other' } }), 'metadata.labels.app'],
    ['list item changed', live({ spec: { ports: [{ name: 'grpc', port: 15011 }], selector: { app: 'istiod' } } }), 'spec.ports[0].port'],
    ['field missing', live({ spec: { ports: [{ name: 'grpc', port: 15010 }] } }), 'spec.selector'],
    ['no Apply entry', live({ managed: [{ manager: M, operation: 'Update', fieldsV1: ourFields }] }), '(no Apply entry for manager istio-operator)'],
    [
      'field taken over by another manager',
      live({ managed: [{ manager: M, operation: 'Apply', fieldsV1: { ...ourFields, 'f:metadata': { 'f:annotations': {} } } }] }),
      'metadata.labels (not owned)',
    ],
    [
      'we own a field we no longer set',
      live({ managed: [{ manager: M, operation: 'Apply', fieldsV1: { ...ourFields, 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:old': {} } } } }] }),
      'metadata.labels.old (owned, no longer set)',
    ],
    [
      'we own a list item we no longer set',
      live({
        managed: [
          {
            manager: M,
            operation: 'Apply',
            fieldsV1: { ...ourFields, 'f:spec': { 'f:selector': { 'f:app': {} }, 'f:ports': { 'k:{"port":15010,"protocol":"TCP"}': {}, 'k:{"port":1,"protocol":"TCP"}': {} } } },
          },
        ],
      }),
      'spec.ports (owns 2 items, sets 1)',
    ],
  ])('is not a no-op when %s', (_name, liveObj, drift) => {
    expect(computeApplyDrift(desired, liveObj, M)).toBe(drift);
    expect(isApplyNoop(desired, liveObj, M)).toBe(false);
  });

  it.each<[string, JsonObject, JsonObject, boolean]>([
    ['canonicalised quantity', { limits: { cpu: '1000m', memory: '1024Mi' } }, { limits: { cpu: '1', memory: '1Gi' } }, true],
    ['different quantity', { limits: { cpu: '500m' } }, { limits: { cpu: '1' } }, false],
    ['number read back as string', { replicas: 2 }, { replicas: '2' }, true],
    ['quantity-like string outside resources', { tag: '1000m' }, { tag: '1' }, false],
    ['null means absent', { gone: null }, {}, true],
    ['zero values read back as absent (omitempty)', { value: '', readOnly: false, port: 0, items: [], meta: {} }, {}, true],
    ['non-zero value absent', { value: 'x' }, {}, false],
    ['null but present', { gone: null }, { gone: 'x' }, false],
    ['scalar list must match exactly', { args: ['a', 'b'] }, { args: ['a', 'b', 'c'] }, false],
    ['object list with extra live items keeps our order', { env: [{ name: 'A' }, { name: 'B' }] }, { env: [{ name: 'A' }, { name: 'X' }, { name: 'B' }] }, true],
    ['object list missing our item', { env: [{ name: 'A' }, { name: 'B' }] }, { env: [{ name: 'B' }, { name: 'X' }, { name: 'C' }] }, false],
  ])('values: %s', (_name, want, have, noop) => {
    const managedFields = [{ manager: M, operation: 'Apply', fieldsV1: { 'f:spec': buildFields(want) } }];
    const wanted: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec: want };
    const liveObj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields }, spec: have };
    expect(isApplyNoop(wanted, liveObj, M)).toBe(noop);
  });

  it('treats an empty field entry over a map as an atomic map owned whole (label selectors)', () => {
    const fieldsV1 = { ...ourFields, 'f:spec': { ...(ourFields['f:spec'] as JsonObject), 'f:selector': {} } };
    expect(computeApplyDrift(desired, live({ managed: [{ manager: M, operation: 'Apply', fieldsV1 }] }), M)).toBeUndefined();
  });

  it('expects no Apply entry when we set nothing but identity', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } };
    expect(isApplyNoop(ns, { ...ns, metadata: { name: 'x', labels: { a: 'b' } } }, M)).toBe(true);
  });

  it('ignores Apply entries of our manager on a subresource', () => {
    const managed = [{ manager: M, operation: 'Apply', subresource: 'status', fieldsV1: ourFields }];
    expect(isApplyNoop(desired, live({ managed }), M)).toBe(false);
  });
});
