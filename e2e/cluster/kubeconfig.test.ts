import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { renderKubeconfig } from './kubeconfig.js';
import { buildSimulatedNode, isNodeReady } from './node.js';

describe('renderKubeconfig', () => {
  it('produces a self-contained kubeconfig client-node can load', () => {
    const kc = new KubeConfig();
    kc.loadFromString(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' }));
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://127.0.0.1:6443', caData: Buffer.from('CA').toString('base64') });
    expect(kc.getCurrentUser()).toMatchObject({ certData: Buffer.from('CERT').toString('base64'), keyData: Buffer.from('KEY').toString('base64') });
  });
});

describe('simulated node', () => {
  it('is schedulable without tolerations and large enough for istiod', () => {
    const node = buildSimulatedNode();
    expect(node.spec?.taints).toBeUndefined();
    expect(node.status?.allocatable).toMatchObject({ cpu: '32', memory: '256Gi' });
    expect(node.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake');
  });

  it.each([
    [[{ type: 'Ready', status: 'True' }], true],
    [[{ type: 'Ready', status: 'False' }], false],
    [[{ type: 'MemoryPressure', status: 'True' }], false],
    [undefined, false],
  ])('isNodeReady(%j) = %s', (conditions, ready) => {
    expect(isNodeReady({ status: { conditions } })).toBe(ready);
  });
});
