import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupOf, type KubeObject } from '../api/kube-object.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { WATCHED_KINDS } from './watch-source.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const assets = loadAssets();
const key = (apiVersion: string, kind: string): string => `${groupOf(apiVersion)}/${kind}`;
const owned = new Set(OWNED_KINDS.map((k) => key(k.apiVersion, k.kind)));
const watched = new Set(WATCHED_KINDS.map((k) => key(k.apiVersion, k.kind)));

/** Every profile with every component, gateway and addon switched on. */
function renderEverything(profile: string): KubeObject[] {
  const spec = {
    profile,
    components: {
      base: { enabled: true },
      pilot: { enabled: true },
      cni: { enabled: true },
      ztunnel: { enabled: true },
      ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }],
      egressGateways: [{ name: 'istio-egressgateway', enabled: true }],
    },
    addonComponents: { prometheus: { enabled: true }, grafana: { enabled: true }, kiali: { enabled: true }, jaeger: { enabled: true } },
    values: { global: { defaultPodDisruptionBudget: { enabled: true } }, defaultRevision: 'default' },
  };
  const result = buildDesiredState({ documents: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec }], setFlags: [], owner: { name: 'all', namespace: 'istio-system' } }, assets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.objects;
}

/** `kind:` at the top level of every chart template: what any values could make a chart render. */
function templateKinds(): string[] {
  const charts = path.join(root, 'charts');
  const kinds = new Set<string>();
  for (const chart of readdirSync(charts)) {
    const dir = path.join(charts, chart, 'templates');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.hbs'));
    } catch {
      continue; // the operator's own Helm chart has plain YAML templates, not rendered by us
    }
    for (const file of files) for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/^kind: *(\w+)\s*$/gm)) kinds.add(m[1] ?? '');
  }
  return [...kinds].sort();
}

describe('owned and watched kinds', () => {
  const profiles = readdirSync(path.join(root, 'profiles')).map((f) => f.replace(/\.yaml$/, '')).sort();

  it.each(profiles)('profile %s with everything on: every rendered kind is prunable (listed) and watched (cached)', (profile) => {
    const kinds = [...new Set(renderEverything(profile).map((o) => key(o.apiVersion, o.kind)))];
    expect(kinds.length).toBeGreaterThan(5);
    expect(kinds.filter((k) => !owned.has(k))).toEqual([]);
    expect(kinds.filter((k) => !watched.has(k))).toEqual([]);
  });

  it('every kind a chart template can render is an owned and watched kind', () => {
    const names = new Set([...OWNED_KINDS].filter((k) => watched.has(key(k.apiVersion, k.kind))).map((k) => k.kind));
    const kinds = templateKinds();
    expect(kinds.length).toBeGreaterThan(10);
    expect(kinds.filter((k) => !names.has(k))).toEqual([]);
  });
});
