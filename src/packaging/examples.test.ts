import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import { LabelKeys } from '../api/labels.js';
import { loadAssets, packageRoot } from '../assets/load-assets.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import type { DesiredState } from '../pipeline/types.js';

const root = packageRoot();
const examplesDir = path.join(root, 'examples');
const assets = loadAssets(undefined, root);

/** Every document of an example file, as `kubectl apply -f` reads it. */
function loadExample(file: string): { kind: string; metadata: { name: string; namespace?: string } }[] {
  return yaml.loadAll(readFileSync(path.join(examplesDir, file), 'utf8')) as { kind: string; metadata: { name: string; namespace?: string } }[];
}

function renderExample(file: string): DesiredState {
  const doc = loadExample(file).find((d) => d.kind === 'IstioOperator') as unknown as JsonObject;
  const metadata = doc.metadata as { name: string; namespace: string };
  const result = buildDesiredState({ documents: [doc], setFlags: [], owner: { name: metadata.name, namespace: metadata.namespace } }, assets);
  if (!result.ok) throw new Error(`${file}: ${result.errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
  return result.value;
}

const kindsOf = (state: DesiredState): Set<string> => new Set(state.objects.map((o) => o.kind));
const namesOf = (state: DesiredState, kind: string): string[] => state.objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);

describe('examples/', () => {
  const iopFiles = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));

  it('holds the three documented IstioOperators', () => {
    expect(iopFiles.sort()).toEqual(['default-two-ingress.yaml', 'demo-with-addons.yaml', 'minimal-revision.yaml']);
  });

  it.each(iopFiles)('%s renders through buildDesiredState with ownership labels and a namespace', (file) => {
    const state = renderExample(file);
    expect(state.objects.length).toBeGreaterThan(0);
    const [namespace, doc, ...rest] = loadExample(file);
    // kubectl and GitOps tools apply these as-is on a fresh cluster: the namespace comes first, in the file.
    expect(namespace).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } });
    expect(rest).toEqual([]);
    expect(doc?.kind).toBe('IstioOperator');
    expect(doc?.metadata.namespace).toBe('istio-system');
    if (!doc) return;
    // Base objects (CRDs, reader account) are shared by every IstioOperator and carry no owner label.
    for (const obj of state.objects) {
      const shared = obj.metadata.labels?.[LabelKeys.component] === 'Base';
      expect(obj.metadata.labels?.[LabelKeys.owningResource], `${obj.kind}/${obj.metadata.name}`).toBe(shared ? undefined : doc.metadata.name);
    }
  });

  it('demo-with-addons installs every addon on top of the demo profile', () => {
    const state = renderExample('demo-with-addons.yaml');
    const deployments = namesOf(state, 'Deployment');
    expect(deployments).toEqual(expect.arrayContaining(['istiod', 'istio-ingressgateway', 'istio-egressgateway']));
    const components = new Set(state.components.map((c) => c.component));
    expect([...components]).toEqual(expect.arrayContaining(['Prometheus', 'Grafana', 'Kiali', 'Jaeger']));
  });

  it('default-two-ingress renders two ingress gateways with distinct istio labels', () => {
    const state = renderExample('default-two-ingress.yaml');
    const gateways = state.objects.filter((o) => o.kind === 'Deployment' && o.metadata.name.includes('ingressgateway'));
    expect(gateways.map((g) => g.metadata.name).sort()).toEqual(['istio-ingressgateway', 'istio-internal-ingressgateway']);
    const selectors = gateways.map((g) => ((g.spec as JsonObject).selector as { matchLabels: Record<string, string> }).matchLabels.istio);
    expect(new Set(selectors)).toEqual(new Set(['ingressgateway', 'internal-ingressgateway']));
    const internal = state.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'istio-internal-ingressgateway');
    expect((internal?.spec as JsonObject | undefined)?.type).toBe('ClusterIP');
    expect(kindsOf(state).has('DaemonSet')).toBe(false);
  });

  it('minimal-revision renders istiod only, suffixed and labelled with the revision', () => {
    const state = renderExample('minimal-revision.yaml');
    expect(state.revision).toBe('1-27-9');
    expect(namesOf(state, 'Deployment')).toEqual(['istiod-1-27-9']);
    for (const obj of state.objects) {
      const shared = obj.metadata.labels?.[LabelKeys.component] === 'Base';
      expect(obj.metadata.labels?.[LabelKeys.revision], `${obj.kind}/${obj.metadata.name}`).toBe(shared ? undefined : '1-27-9');
    }
  });

  it('argocd/application.yaml syncs with server-side apply and needs no ignoreDifferences', () => {
    const app = yaml.load(readFileSync(path.join(examplesDir, 'argocd', 'application.yaml'), 'utf8')) as { kind: string; spec: JsonObject };
    expect(app.kind).toBe('Application');
    expect((app.spec.syncPolicy as { syncOptions: string[] }).syncOptions).toContain('ServerSideApply=true');
    expect(app.spec.ignoreDifferences).toBeUndefined();
  });

  it('flux/ applies from a GitRepository and waits for the IstioOperators to be Ready', () => {
    const docs = ['gitrepository.yaml', 'kustomization.yaml'].map((f) => yaml.load(readFileSync(path.join(examplesDir, 'flux', f), 'utf8')) as { kind: string; metadata: { name: string }; spec: JsonObject });
    const [repo, ks] = docs as [(typeof docs)[0], (typeof docs)[0]];
    expect(repo.kind).toBe('GitRepository');
    expect(ks.kind).toBe('Kustomization');
    expect(ks.spec.sourceRef).toEqual({ kind: 'GitRepository', name: repo.metadata.name });
    expect(ks.spec.wait).toBe(true);
    const exprs = ks.spec.healthCheckExprs as { kind: string; current: string; failed: string }[];
    expect(exprs.map((e) => e.kind)).toEqual(['IstioOperator']);
    expect(exprs[0]?.current).toContain("c.type == 'Ready'");
    expect(exprs[0]?.failed).toContain("c.type == 'Stalled'");
  });
});
