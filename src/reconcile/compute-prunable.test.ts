import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { identityOf as refKey } from '../api/kube-object.js';
import { computePrunable } from './compute-prunable.js';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), labels },
});

const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'gateways.networking.istio.io');
const ns = obj('v1', 'Namespace', 'istio-system');
const sa = obj('v1', 'ServiceAccount', 'istiod', 'istio-system');
const cm = obj('v1', 'ConfigMap', 'istio', 'istio-system');
const deploy = obj('apps/v1', 'Deployment', 'istiod', 'istio-system');
const webhook = obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'istio-sidecar-injector');
const role = obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'istiod');
const kept = obj('v1', 'ConfigMap', 'keep-me', 'istio-system', { [LabelKeys.notPruned]: 'true' });

const names = (list: KubeObject[]): string[] => list.map(refKey);

describe('computePrunable', () => {
  it('deletes owned objects that are not desired, in reverse apply order', () => {
    const owned = [sa, cm, deploy, webhook, role];
    expect(names(computePrunable(owned, [cm]))).toEqual(names([webhook, deploy, role, sa]));
  });

  it('never prunes CRDs, Namespaces or objects marked not-pruned by default', () => {
    expect(computePrunable([crd, ns, kept], [])).toEqual([]);
  });

  it('prunes CRDs and Namespaces only when explicitly asked', () => {
    expect(names(computePrunable([crd, ns, kept], [], { pruneCrds: true, pruneNamespaces: true }))).toEqual(names([ns, crd]));
  });

  it('matches identity on group, kind, namespace and name but not version', () => {
    const hpaV2 = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'istiod', 'istio-system');
    const hpaV1 = obj('autoscaling/v1', 'HorizontalPodAutoscaler', 'istiod', 'istio-system');
    expect(computePrunable([hpaV1], [hpaV2])).toEqual([]);
    const sameNameOtherNs = obj('v1', 'ServiceAccount', 'istiod', 'other');
    expect(names(computePrunable([sameNameOtherNs], [sa]))).toEqual(names([sameNameOtherNs]));
  });

  it('skips objects already being deleted and duplicates, and is deterministic', () => {
    const deleting: KubeObject = { ...cm, metadata: { ...cm.metadata, name: 'old', deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const b = obj('v1', 'ConfigMap', 'b', 'x');
    const a = obj('v1', 'ConfigMap', 'a', 'x');
    // Exactly the reverse of apply order, names included, whatever the input order.
    expect(names(computePrunable([deleting, b, a, b], []))).toEqual(names([b, a]));
    expect(names(computePrunable([a, b, deleting], []))).toEqual(names([b, a]));
  });
});
