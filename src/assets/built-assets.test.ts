import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import { canonicalObject, serializeManifest, serializeObject } from '../pipeline/serialize-manifest.js';
import { builtAssetsDir, builtPackDir, packageRoot, packsDir } from './asset-paths.js';
import { INDEX_FILE, PACK_LIST_FILE, type BuiltAssetIndex, type BuiltPackList } from './built-assets-format.js';
import { readIstioCrdFile } from './istio-crds.js';
import { loadAssets } from './load-assets.js';
import { loadBuiltAssets, loadBuiltCatalog } from './load-built-assets.js';
import { listPacks, readPackSources, sourcesFingerprint } from './read-sources.js';

/** dist/assets (ADR 5) is what the CLI and the operator run on: it must be current and render like the sources. */
const root = packageRoot();
const dir = builtAssetsDir(root);
const testdata = path.join(root, 'src', 'pipeline', 'testdata');
const cases = readdirSync(testdata).filter((d) => !d.includes('parity')).sort();

const packs = listPacks(packsDir(root));
const fromSources = loadAssets(undefined, root);
const fromBuild = loadBuiltCatalog(dir).load(fromSources.pack.version);

describe('built assets', () => {
  it('list every pack of the sources', () => {
    const list = JSON.parse(readFileSync(path.join(dir, PACK_LIST_FILE), 'utf8')) as BuiltPackList;
    expect(list.packs).toEqual(packs);
  });

  it.each(packs.map((p) => p.version))('were built from the current sources of pack %s', (version) => {
    const index = JSON.parse(readFileSync(path.join(builtPackDir(version, dir), INDEX_FILE), 'utf8')) as BuiltAssetIndex;
    expect(index.sourcesFingerprint, 'dist/assets is older than packs/: run `npm run build`').toBe(sourcesFingerprint(readPackSources(packsDir(root), version)));
  });

  it.each(packs.map((p) => p.version))('hold the CRDs of the istio.io/api pack %s pins', (version) => {
    const file = readIstioCrdFile(builtPackDir(version, dir));
    const pinned = /^require istio\.io\/api (\S+)$/m.exec(readFileSync(path.join(packsDir(root), version, 'istio-api', 'go.mod'), 'utf8'))?.[1];
    expect(file.source).toMatchObject({ module: 'istio.io/api', version: pinned });
    expect(file.crds.length).toBeGreaterThanOrEqual(14);
  });

  it.each(cases)('render the golden case %s exactly like the sources', (name) => {
    const input = yaml.load(readFileSync(path.join(testdata, name, 'case.yaml'), 'utf8')) as { setFlags?: string[]; iop?: JsonObject };
    const request = { documents: input.iop ? [input.iop] : [], setFlags: input.setFlags ?? [] };
    const render = (assets: ReturnType<typeof loadAssets>): string => {
      const result = buildDesiredState(request, assets);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return serializeManifest(result.value.objects);
    };
    expect(render(fromBuild)).toBe(render(fromSources));
  });

  it('share each CRD spec: an overlay patches a copy of one, the others stay as built', () => {
    const assets = loadBuiltAssets(builtPackDir(fromSources.pack.version, dir));
    const overlay = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'gateways.networking.istio.io', patches: [{ path: 'spec.names.shortNames[0]', value: 'gwx' }] };
    const iop = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { profile: 'minimal', components: { base: { k8s: { overlays: [overlay] } } } } };
    const result = buildDesiredState({ documents: [iop], setFlags: [] }, assets);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const crds = result.value.objects.filter((o) => o.kind === 'CustomResourceDefinition');
    const spec = (name: string): JsonObject => crds.find((o) => o.metadata.name === name)?.spec as JsonObject;
    expect(spec('gateways.networking.istio.io').names).toMatchObject({ shortNames: ['gwx'] });
    const shared = assets.istioCrds().find((c) => c.name === 'gateways.networking.istio.io');
    expect(spec('gateways.networking.istio.io')).not.toBe(shared?.spec);
    expect(shared?.spec.names).toMatchObject({ shortNames: ['gw'] });
    expect(spec('sidecars.networking.istio.io')).toBe(assets.istioCrds().find((c) => c.name === 'sidecars.networking.istio.io')?.spec);
  });

  it('serialize a CRD through its preserialized spec byte for byte like the ordinary way', () => {
    for (const crd of fromBuild.istioCrds()) {
      const obj: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crd.name, labels: { a: 'b' } }, spec: crd.spec };
      expect(serializeObject(obj)).toBe(yaml.dump(canonicalObject(obj), { lineWidth: -1, noRefs: true }));
    }
  });
});
