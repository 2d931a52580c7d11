import { describe, expect, it } from 'vitest';
import { k8sSettingsAsValues } from './k8s-values.js';

describe('k8sSettingsAsValues (istioctl 1.28 and 1.31 copy these k8s settings into the chart values)', () => {
  it('copies HPA bounds and the replica count of a Deployment component', () => {
    expect(k8sSettingsAsValues({ hpaSpec: { minReplicas: 2, maxReplicas: 6 }, replicaCount: 3 }, true, true)).toEqual({ autoscaleMin: 2, autoscaleMax: 6, replicaCount: 3 });
    expect(k8sSettingsAsValues({ hpaSpec: { maxReplicas: 0 }, replicaCount: 0 }, true, true)).toEqual({});
  });

  it('copies nothing about replicas for a DaemonSet component', () => {
    expect(k8sSettingsAsValues({ hpaSpec: { minReplicas: 2 }, replicaCount: 3 }, false, true)).toEqual({});
  });

  it('copies the CPU of limits and requests as a canonical quantity, for every component (1.31)', () => {
    expect(k8sSettingsAsValues({ resources: { limits: { cpu: '1.5', memory: '1Gi' }, requests: { cpu: '2000m' } } }, false, true)).toEqual({
      resources: { limits: { cpu: '1500m' }, requests: { cpu: '2' } },
    });
    expect(k8sSettingsAsValues({ resources: { limits: { cpu: 2 }, requests: { cpu: '250m' } } }, true, true)).toEqual({
      resources: { limits: { cpu: '2' }, requests: { cpu: '250m' } },
    });
    expect(k8sSettingsAsValues({ resources: { limits: { cpu: '0' }, requests: { memory: '1Gi' } } }, true, true)).toEqual({});
    expect(k8sSettingsAsValues(undefined, true, true)).toEqual({});
  });

  it('copies no CPU where the release does not (1.28)', () => {
    expect(k8sSettingsAsValues({ resources: { limits: { cpu: '1.5' }, requests: { cpu: '250m' } }, replicaCount: 2 }, true, false)).toEqual({ replicaCount: 2 });
    expect(k8sSettingsAsValues({ resources: { limits: { cpu: 2 } } }, false, false)).toEqual({});
  });
});
