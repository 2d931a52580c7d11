import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../../src/api/json.js';
import { loadAssets } from '../../src/assets/load-assets.js';
import { mergeGatewaysByName } from '../../src/pipeline/merge-gateways-by-name.js';
import { resolveProfile } from '../../src/pipeline/resolve-profile.js';
import { ensureIstio123 } from './legacy-installers.js';

/**
 * Istio 1.23's by-name gateway merge, as the real istioctl 1.23.6 `profile dump -f` prints it, against
 * ours: the two gateway lists must be equal entry for entry (order, `enabled`, k8s settings, labels).
 */
const CASES: Record<string, JsonObject> = {
  'a new ingress gateway beside the default one; an egress gateway given only k8s settings': {
    profile: 'default',
    components: {
      ingressGateways: [{ name: 'istio-ingressgateway-internal', enabled: true, label: { istio: 'ingressgateway-internal' } }],
      egressGateways: [{ name: 'istio-egressgateway', k8s: { resources: { requests: { cpu: '50m' } } } }],
    },
  },
  'k8s settings on the default ingress gateway keep its enabled: true; its service ports replace': {
    profile: 'demo',
    components: { ingressGateways: [{ name: 'istio-ingressgateway', k8s: { service: { ports: [{ name: 'http2', port: 8080 }] } } }] },
  },
  'two new gateways of each kind, one disabling the profile gateway': {
    profile: 'demo',
    components: {
      ingressGateways: [{ name: 'extra-a', enabled: true }, { name: 'istio-ingressgateway', enabled: false }],
      egressGateways: [{ name: 'extra-b', enabled: true, k8s: { nodeSelector: { pool: 'egress' } } }],
    },
  },
};

const LISTS = ['ingressGateways', 'egressGateways'] as const;
let istioctl = '';
beforeAll(() => {
  istioctl = ensureIstio123().istioctl;
}, 1_800_000);

describe('by-name gateway merge against istioctl 1.23.6 profile dump', () => {
  const assets = loadAssets();
  const dir = mkdtempSync(path.join(tmpdir(), 'list-semantics-'));
  it.each(Object.entries(CASES))('%s', (name, spec) => {
    const file = path.join(dir, `${name.length}.yaml`);
    writeFileSync(file, yaml.dump({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec }));
    const dumped = yaml.load(execFileSync(istioctl, ['profile', 'dump', '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as JsonObject;
    const theirs = isJsonObject(dumped.spec) && isJsonObject(dumped.spec.components) ? dumped.spec.components : {};
    const profile = resolveProfile(assets.profiles, String(spec.profile));
    if (!profile.ok) throw new Error(JSON.stringify(profile.errors));
    const ours = mergeGatewaysByName(profile.value, spec).components as JsonObject;
    for (const list of LISTS) {
      if (!(list in (spec.components as JsonObject))) continue;
      expect(ours[list], list).toEqual(theirs[list]);
    }
  });
});
