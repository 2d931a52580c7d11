import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MANAGER } from '../src/api/labels.js';
import { loadBuiltCatalog } from '../src/assets/load-built-assets.js';
import { applyObjects } from '../src/kube/apply-objects.js';
import { buildKubeClients } from '../src/kube/kube-client.js';
import { buildDesiredState } from '../src/pipeline/build-desired-state.js';
import { loadTestKubeConfig } from './cluster/test-kube.js';
import { kubectl } from './support/kubectl.js';

/**
 * Istio's own CRDs (ADR 5) installed by the operator's apply path validate like upstream's: the API server
 * rejects malformed Istio objects with `--validate=strict` and `kubectl explain` knows their fields.
 */
const clients = buildKubeClients(loadTestKubeConfig());
const scratch = mkdtempSync(path.join(tmpdir(), 'istio-crds-int-'));

const virtualService = (weight: unknown): object => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight }] }] },
});
const destinationRule = (trafficPolicy: object): object => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { host: 'reviews', trafficPolicy },
});
const gateway = (hosts: unknown): object => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'public', namespace: 'default' },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] },
});

async function dryRun(name: string, obj: object): Promise<{ code: number; output: string }> {
  const file = path.join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(obj));
  const result = await kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', file]);
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  const catalog = loadBuiltCatalog();
  const assets = catalog.load(catalog.defaultVersion);
  const rendered = buildDesiredState({ documents: [], setFlags: ['profile=minimal'] }, assets);
  if (!rendered.ok) throw new Error(JSON.stringify(rendered.errors));
  const crds = rendered.value.objects.filter((o) => o.kind === 'CustomResourceDefinition');
  // Every CRD of the newest pack's istio.io/api (15 from Istio 1.30 on).
  expect(crds).toHaveLength(assets.istioCrds().length);
  expect(crds.length).toBeGreaterThanOrEqual(15);
  await applyObjects(clients, crds, { fieldManager: FIELD_MANAGER });
  const waited = await kubectl(['wait', '--for=condition=Established', '--timeout=90s', ...crds.map((c) => `crd/${c.metadata.name}`)]);
  expect(waited.code, waited.stderr).toBe(0);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the Istio CRDs on a real API server', () => {
  it.each([
    ['a VirtualService with a string weight', virtualService('50'), /spec\.http\[0\]\.route\[0\]\.weight.*must be of type integer/],
    ['a DestinationRule with an unknown field', destinationRule({ loadBalancer: { simple: 'ROUND_ROBIN' }, bogusField: true }), /unknown field "spec\.trafficPolicy\.bogusField"/],
    ['a Gateway whose hosts is not a list', gateway('example.com'), /spec\.servers\[0\]\.hosts.*must be of type array/],
  ])('reject %s', async (_what, obj, message) => {
    const result = await dryRun(_what.replace(/\W+/g, '-'), obj);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(message);
  });

  it.each([
    ['VirtualService', virtualService(50)],
    ['DestinationRule', destinationRule({ loadBalancer: { simple: 'ROUND_ROBIN' } })],
    ['Gateway', gateway(['example.com'])],
  ])('accept a well-formed %s', async (kind, obj) => {
    const result = await dryRun(`valid-${kind}`, obj);
    expect(result.code, result.output).toBe(0);
  });

  it('let kubectl explain the fields of virtualservice.spec', async () => {
    // The API server publishes a new CRD's OpenAPI a moment after it is Established.
    let output = '';
    for (let attempt = 0; attempt < 30; attempt++) {
      const result = await kubectl(['explain', 'virtualservice.spec']);
      output = `${result.stdout}${result.stderr}`;
      if (result.code === 0 && /^\s+http\s/m.test(result.stdout)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(output).toMatch(/FIELDS:/);
    for (const field of ['exportTo', 'gateways', 'hosts', 'http', 'tcp', 'tls']) expect(output).toMatch(new RegExp(`^\\s+${field}\\s`, 'm'));
  });
});
