import { describe, expect, it } from 'vitest';
import { checkK8sStructs } from './check-k8s-structs.js';

describe('checkK8sStructs (Kubernetes structs in values, decoded strictly as by istioctl 1.30)', () => {
  it('accepts well-formed tolerations, affinity, volumes, selectors and lifecycle hooks', () => {
    expect(
      checkK8sStructs({
        pilot: {
          tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }],
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }] } } },
          volumes: [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }],
          volumeMounts: [{ name: 'v', mountPath: '/x' }],
        },
        global: { proxy: { lifecycle: { preStop: { exec: { command: ['a'] } } } } },
        sidecarInjectorWebhook: { neverInjectSelector: [{ matchLabels: { app: 'x' } }] },
      }),
    ).toEqual([]);
  });

  it('refuses unknown fields and values of the wrong shape, with their path', () => {
    expect(checkK8sStructs({ pilot: { tolerations: [{ notAField: 'x' }] } })).toEqual([
      { path: 'spec.values.pilot.tolerations[0].notAField', reason: 'unknown field of Kubernetes Toleration' },
    ]);
    expect(checkK8sStructs({ global: { waypoint: { nodeSelector: { pool: 'mesh' } } } })).toEqual([
      { path: 'spec.values.global.waypoint.nodeSelector.pool', reason: 'unknown field of Kubernetes NodeSelector' },
    ]);
    expect(checkK8sStructs({ cni: { seccompProfile: { type: ['RuntimeDefault'] } } }).map((e) => e.path)).toEqual(['spec.values.cni.seccompProfile.type']);
    expect(checkK8sStructs({ pilot: { tolerations: { key: 'a' } } }).map((e) => e.path)).toEqual(['spec.values.pilot.tolerations']);
  });
});
