import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIstioCrdFiles, ISTIO_CRD_BLOCKS_FILE, ISTIO_CRD_SPECS_FILE, ISTIO_CRDS_FILE, readIstioCrdFile, type IstioCrdFile } from './istio-crds.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'istio-crds-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function roundTrip(file: IstioCrdFile, name: string): IstioCrdFile {
  const files = formatIstioCrdFiles(file);
  const out = mkdtempSync(path.join(scratch, `${name}-`));
  writeFileSync(path.join(out, ISTIO_CRDS_FILE), files.json);
  writeFileSync(path.join(out, ISTIO_CRD_BLOCKS_FILE), files.blocks);
  writeFileSync(path.join(out, ISTIO_CRD_SPECS_FILE), files.specs);
  return readIstioCrdFile(out);
}

const source = { module: 'istio.io/api', version: 'v0.0.0', sum: 'h1:x', file: 'kubernetes/customresourcedefinitions.gen.yaml' };
const crd = (name: string, description: string): IstioCrdFile['crds'][number] => ({
  name,
  annotations: { a: 'b' },
  spec: { group: 'x.istio.io', description },
  specYaml: `  description: ${description}\n  group: x.istio.io\n`,
});

describe('the CRD files of the build', () => {
  it.each([
    ['ASCII', 'plain text'],
    ['non-ASCII', 'naïve – “quoted” ✓'],
  ])('read back as written, %s text included', (name, description) => {
    const written: IstioCrdFile = { source, crds: [crd('a.x.istio.io', description), crd('b.x.istio.io', 'second')] };
    const read = roundTrip(written, name);
    expect(read.source).toEqual(source);
    expect(read.crds.map((c) => c.specYaml)).toEqual(written.crds.map((c) => c.specYaml));
    expect(read.crds.map(({ name: n, annotations, spec }) => ({ name: n, annotations, spec }))).toEqual(written.crds.map(({ specYaml: _, ...c }) => c));
  });

  it('names the file that is missing and the command that writes it', () => {
    expect(() => readIstioCrdFile(path.join(scratch, 'nowhere'))).toThrow(/istio-crds\.json is missing: run `npm run build`/);
  });
});
