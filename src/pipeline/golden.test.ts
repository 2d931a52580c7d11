import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { canonicalJson } from './canonical-json.js';
import { serializeManifest } from './serialize-manifest.js';

/**
 * Golden renders: every folder under testdata/ holds `case.yaml` ({ setFlags?: string[], iop?: IstioOperator })
 * and the expected `output.yaml`. Regenerate locally with `UPDATE_GOLDENS=1 npx vitest run src/pipeline/golden.test.ts`
 * and review the diff; CI (CI=true) never rewrites a golden, it fails.
 */
/**
 * CRD specs are Istio's own generated text (taken from istio.io/api at build time, ADR 5) and must not be
 * committed: a golden records each CRD's metadata and, in place of its spec, the sha256 of the spec's
 * canonical JSON. Any change to a schema still changes the golden.
 */
function withCrdDigests(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((o) =>
    o.kind === 'CustomResourceDefinition'
      ? { ...o, spec: { sha256: createHash('sha256').update(canonicalJson((o.spec ?? null) as JsonValue)).digest('hex') } }
      : o,
  );
}

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const update = process.env.UPDATE_GOLDENS === '1' && !process.env.CI;
const assets = loadAssets();

interface GoldenCase {
  setFlags?: string[];
  iop?: JsonObject;
}

const cases = readdirSync(testdata, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(testdata, d.name, 'case.yaml')))
  .map((d) => d.name)
  .sort();

describe('golden renders', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('%s', (name) => {
    const dir = path.join(testdata, name);
    const input = yaml.load(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as GoldenCase;
    const result = buildDesiredState({ documents: input.iop ? [input.iop] : [], setFlags: input.setFlags ?? [] }, assets);
    if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.errors, null, 2)}`);
    const actual = serializeManifest(withCrdDigests(result.value.objects));
    const goldenFile = path.join(dir, 'output.yaml');
    if (update) writeFileSync(goldenFile, actual);
    if (!existsSync(goldenFile)) throw new Error(`missing ${goldenFile}; generate it with UPDATE_GOLDENS=1 (never in CI)`);
    expect(actual, `${name} differs from its golden; review and regenerate with UPDATE_GOLDENS=1`).toBe(
      readFileSync(goldenFile, 'utf8'),
    );
  });
});
