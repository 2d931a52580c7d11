import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { serializeManifest } from './serialize-manifest.js';

const assets = loadAssets();
const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');

/** The same value with every map's keys in reverse order (lists keep their order: it is meaningful). */
function reverseKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys(value[k] as JsonValue)]));
}

function render(iop: JsonObject, setFlags: string[] = []): string {
  const result = buildDesiredState({ documents: [iop], setFlags, owner: { name: 'mesh', namespace: 'istio-system' } }, assets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return serializeManifest(result.value.objects);
}

describe('deterministic rendering', () => {
  it.each(['hpa-pdb', 'overlays', 'two-ingress-gateways'])('%s: shuffled input key order and a second render give byte-identical output', (name) => {
    const iop = (yaml.load(readFileSync(path.join(testdata, name, 'case.yaml'), 'utf8')) as { iop: JsonObject }).iop;
    const first = render(iop);
    expect(render(reverseKeys(iop) as JsonObject)).toBe(first);
    expect(render(iop)).toBe(first);
  });

  it('does not depend on the order of a values map given through --set', () => {
    const iop: JsonObject = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { profile: 'demo' } };
    const a = render(iop, ['values.pilot.env.A=1', 'values.pilot.env.B=2']);
    const b = render(iop, ['values.pilot.env.B=2', 'values.pilot.env.A=1']);
    expect(b).toBe(a);
  });
});
