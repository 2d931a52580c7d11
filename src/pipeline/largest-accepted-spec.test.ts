import { describe, expect, it } from 'vitest';
import type { InventoryEntry } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { loadAssets } from '../assets/load-assets.js';
import { buildDesiredState } from './build-desired-state.js';
import { INPUT_LIMITS, SPEC_TREE_LIMITS } from './input-limits.js';
import { buildLargestAcceptedSpec } from './fixtures/hostile-inputs.js';

const assets = loadAssets();
const spec = buildLargestAcceptedSpec({ ...INPUT_LIMITS, specNodes: SPEC_TREE_LIMITS.maxNodes }) as JsonObject;
const doc: JsonObject = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec };

describe('the largest IstioOperator the validator accepts', () => {
  const started = performance.now();
  const result = buildDesiredState({ documents: [doc], setFlags: [], owner: { name: 'largest', namespace: 'istio-system' } }, assets);
  const ms = (performance.now() - started).toFixed(0);

  it(`renders (first render, cold templates: ${ms} ms; bench/render.ts has the warm figure)`, () => {
    expect(result.ok && result.value.objects.length).toBeGreaterThan(200);
  });

  it('keeps status.inventory well under 1 MiB', () => {
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    // The widest entry a real object can have: a 36-character uid, the namespace and name as rendered.
    const inventory: InventoryEntry[] = result.value.objects.map((o) => ({
      apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name, uid: '0b6f5d8e-4a7c-4d2e-9f1a-3c5b7e9d1f2a',
    }));
    const bytes = Buffer.byteLength(JSON.stringify({ inventory: { count: inventory.length, objects: inventory } }));
    expect(bytes).toBeLessThan(256 * 1024);
  });

  it('is at the gateway cap: one more gateway is refused', () => {
    expect(JSON.stringify(spec).length).toBeLessThan(1024 * 1024);
    const more = structuredClone(spec) as { components: { ingressGateways: JsonObject[] } };
    more.components.ingressGateways.push({ name: 'one-more' });
    expect(buildDesiredState({ documents: [{ ...doc, spec: more as unknown as JsonObject }], setFlags: [] }, assets).ok).toBe(false);
  });
});
