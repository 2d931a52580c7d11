import { describe, expect, it } from 'vitest';
import { ComponentNames } from '../api/components.js';
import type { KubeObject } from '../api/kube-object.js';
import { addChartLabels } from './add-chart-labels.js';

const deployment = (labels: Record<string, string>): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', labels },
    spec: { selector: { matchLabels: { app: 'istiod' } }, template: { metadata: { labels: { ...labels } } } },
  }) as unknown as KubeObject;

/** The 1.31.0 pack's map (packs/1.31.0/pack.yaml). */
const HELM_CHARTS = { Base: 'base', Pilot: 'istiod', IngressGateways: 'istio-ingress', EgressGateways: 'istio-egress', Cni: 'cni', Ztunnel: 'ztunnel' };

describe('addChartLabels', () => {
  it("adds Helm's standard labels where a name label is set, on the object and its pod template", () => {
    const [out] = addChartLabels([deployment({ app: 'istiod', 'app.kubernetes.io/name': 'istiod' })], ComponentNames.pilot, '1.31.0', HELM_CHARTS);
    const standard = {
      'app.kubernetes.io/instance': 'istio',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/part-of': 'istio',
      'app.kubernetes.io/version': '1.31.0',
      'helm.sh/chart': 'istiod-1.31.0',
    };
    expect(out?.metadata.labels).toEqual({ app: 'istiod', 'app.kubernetes.io/name': 'istiod', ...standard });
    expect((out as unknown as { spec: { template: { metadata: { labels: object } } } }).spec.template.metadata.labels).toEqual(out?.metadata.labels);
    expect((out as unknown as { spec: { selector: object } }).spec.selector).toEqual({ matchLabels: { app: 'istiod' } });
  });

  it("labels the base chart's CRDs, which have no name label, as istioctl does", () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'sidecars.networking.istio.io', labels: { 'app.kubernetes.io/part-of': 'istio' } } } as KubeObject;
    const [out] = addChartLabels([crd], ComponentNames.base, '1.31.0', HELM_CHARTS);
    expect(out?.metadata.labels).toEqual({
      'app.kubernetes.io/instance': 'istio',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/part-of': 'istio',
      'app.kubernetes.io/version': '1.31.0',
      'helm.sh/chart': 'base-1.31.0',
    });
  });

  it('leaves objects without a name label, and components with no upstream chart, alone', () => {
    const plain = deployment({ app: 'istiod' });
    expect(addChartLabels([plain], ComponentNames.pilot, '1.31.0', HELM_CHARTS)).toEqual([plain]);
    const named = deployment({ 'app.kubernetes.io/name': 'grafana' });
    expect(addChartLabels([named], ComponentNames.grafana, '1.31.0', HELM_CHARTS)).toEqual([named]);
  });
});
