import { describe, expect, it } from 'vitest';
import { ComponentNames } from '../api/components.js';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { addOwnershipLabels } from './add-ownership.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod', 'istio.io/rev': 'stale' } },
  spec: { selector: { matchLabels: { app: 'istiod' } }, template: { metadata: { labels: { app: 'istiod' } } } },
};
const bare: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istiod' } };

describe('addOwnershipLabels', () => {
  const cases = [
    {
      name: 'default revision, owned by a CR',
      input: { component: ComponentNames.pilot, revision: '', owner: { name: 'iop', namespace: 'istio-system' }, version: '1.27.9' },
      want: {
        [LabelKeys.component]: 'Pilot', [LabelKeys.revision]: 'default', [LabelKeys.managed]: 'Reconcile', [LabelKeys.version]: '1.27.9',
        [LabelKeys.owningResource]: 'iop', [LabelKeys.owningResourceNamespace]: 'istio-system',
      },
    },
    {
      name: 'named revision, no owner (manifest generate)',
      input: { component: ComponentNames.ingressGateways, revision: 'canary', version: '1.27.9' },
      want: { [LabelKeys.component]: 'IngressGateways', [LabelKeys.revision]: 'canary', [LabelKeys.managed]: 'Reconcile', [LabelKeys.version]: '1.27.9' },
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    const before = structuredClone([deployment, bare]);
    const [d, sa] = addOwnershipLabels([deployment, bare], input);
    expect(d?.metadata.labels).toEqual({ app: 'istiod', ...want });
    expect(sa?.metadata.labels).toEqual(want);
    // Selectors and pod templates never carry ownership.
    expect(d?.spec).toEqual(deployment.spec);
    expect([deployment, bare]).toEqual(before);
  });

  it('leaves Base objects unowned and unrevisioned: every IstioOperator shares them', () => {
    const input = { component: ComponentNames.base, revision: 'canary', owner: { name: 'iop', namespace: 'istio-system' }, version: '1.27.9' };
    const [sa] = addOwnershipLabels([bare], input);
    expect(sa?.metadata.labels).toEqual({ [LabelKeys.component]: 'Base', [LabelKeys.managed]: 'Reconcile', [LabelKeys.version]: '1.27.9' });
  });
});
