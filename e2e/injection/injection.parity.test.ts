import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../src/api/json.js';
import { loadAssets } from '../../src/assets/load-assets.js';
import { GATEWAYS, INSTALLS, PODS, type InstallCase } from './injection-corpus.js';
import { KNOWN_DIFFERENCES } from './injection-known-differences.js';
import { ensureInjectionTools, type InjectionTools } from './injection-tools.js';
import { extractInjectorConfig, type InjectorConfig } from './injector-config.js';
import { diffJson, type Difference } from './json-diff.js';
import { kubeInject, mapLimit, renderGatewayTemplate, renderOurs, renderUpstream, type Outcome } from './run-injection.js';

/**
 * Our istio-sidecar-injector ConfigMap against istioctl 1.27.9's, through istio's own code: for each install the
 * `values` and settings must be equal, every corpus pod injected by `istioctl kube-inject` with either ConfigMap
 * must come out the same, and the Gateway API deployment templates must render the same objects.
 */
interface Found extends Difference { readonly subject: string }

let tools: InjectionTools;
let dir: string;
const found: Found[] = [];
const counts = { pods: 0, podsEqual: 0, gateways: 0, gatewaysEqual: 0 };

const asJson = <T extends JsonValue>(o: Outcome<T>, base: string): JsonValue =>
  o.ok ? o.value : { error: o.error.split(base).join('<dir>') };

/**
 * Injected pods are compared field by field. A failed injection is itself a difference, even on both sides
 * (a corpus pod nobody can inject proves nothing).
 */
function diffOutcomes(ours: Outcome<JsonObject>, upstream: Outcome<JsonObject>): Difference[] {
  if (ours.ok && upstream.ok) return diffJson(ours.value, upstream.value);
  const show = (o: Outcome<JsonObject>): string => (o.ok ? 'injected' : `failed: ${o.error.split(dir).join('<dir>')}`);
  return [{ path: '(outcome)', ours: show(ours), upstream: show(upstream) }];
}

function record(subject: string, differences: Difference[]): boolean {
  found.push(...differences.map((d) => ({ ...d, subject })));
  return differences.length === 0;
}

beforeAll(() => {
  tools = ensureInjectionTools();
  dir = mkdtempSync(path.join(os.tmpdir(), 'injection-parity-'));
  for (const p of PODS) writeFileSync(path.join(dir, `${p.name}.pod.yaml`), yaml.dump(p.pod));
  for (const g of GATEWAYS) writeFileSync(path.join(dir, `${g.name}.gateway.json`), JSON.stringify(g.input));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function compareInstall(install: InstallCase): Promise<void> {
  const assets = loadAssets('1.27.9');
  const [oursText, upstreamText] = await Promise.all([
    renderOurs(assets, install.set),
    renderUpstream(tools.istioctl, install.set),
  ]);
  const ours = extractInjectorConfig(oursText, path.join(dir, install.name, 'ours'));
  const upstream = extractInjectorConfig(upstreamText, path.join(dir, install.name, 'upstream'));
  record(`values ${install.name}`, diffJson(ours.values, upstream.values));
  record(`settings ${install.name}`, diffJson(ours.settings, upstream.settings));
  await comparePods(install, ours, upstream);
  await compareGateways(install, ours, upstream);
}

async function comparePods(install: InstallCase, ours: InjectorConfig, upstream: InjectorConfig): Promise<void> {
  await mapLimit(PODS, 2, async (p) => {
    const file = path.join(dir, `${p.name}.pod.yaml`);
    const [a, b] = await Promise.all([
      kubeInject(tools.istioctl, ours.files, file, p.nativeEnv ?? false),
      kubeInject(tools.istioctl, upstream.files, file, p.nativeEnv ?? false),
    ]);
    counts.pods++;
    if (record(`pod ${install.name}/${p.name}`, diffOutcomes(a, b))) counts.podsEqual++;
  });
}

async function compareGateways(install: InstallCase, ours: InjectorConfig, upstream: InjectorConfig): Promise<void> {
  await mapLimit(GATEWAYS, 2, async (g) => {
    const file = path.join(dir, `${g.name}.gateway.json`);
    const [a, b] = await Promise.all([
      renderGatewayTemplate(tools.templateRunner, ours.files, g.template, file),
      renderGatewayTemplate(tools.templateRunner, upstream.files, g.template, file),
    ]);
    if (!b.ok) throw new Error(`upstream ${g.template} failed for ${install.name}/${g.name}: ${b.error}`);
    counts.gateways++;
    if (record(`gateway ${install.name}/${g.name}`, diffJson(asJson(a, dir) as JsonObject[], b.value))) counts.gatewaysEqual++;
  });
}

describe('injector ConfigMap parity with istioctl 1.27.9', () => {
  it.each(INSTALLS.map((i) => [i.name, i] as const))('install %s: values, settings, injected pods and gateway objects', async (_name, install) => {
    await compareInstall(install);
  });

  it('every difference is a known one, and every known difference still occurs', () => {
    const matches = (d: Found): string | undefined =>
      KNOWN_DIFFERENCES.find((k) => k.subject.test(d.subject) && k.path.test(d.path))?.name;
    const unexplained = found.filter((d) => matches(d) === undefined)
      .map((d) => `${d.subject} ${d.path}: ours ${JSON.stringify(d.ours)} | upstream ${JSON.stringify(d.upstream)}`);
    const used = new Set(found.map(matches));
    process.stderr.write(`[injection] pods: ${counts.podsEqual}/${counts.pods} equal; gateway renders: ${counts.gatewaysEqual}/${counts.gateways} equal; ` +
      `${found.length} differences, ${found.length - unexplained.length} known (${KNOWN_DIFFERENCES.length} entries)\n`);
    expect(counts.pods).toBe(INSTALLS.length * PODS.length);
    expect(counts.gateways).toBe(INSTALLS.length * GATEWAYS.length);
    expect(unexplained).toEqual([]);
    expect(KNOWN_DIFFERENCES.filter((k) => !used.has(k.name)).map((k) => k.name)).toEqual([]);
  });
});
