import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonObject } from '../api/json.js';
import { lazyJsonObject } from '../startup/lazy-json.js';
import { rememberSerialized } from '../startup/preserialized.js';
import type { IstioCrd } from '../pipeline/types.js';

export type { IstioCrd };

/** The CRDs of the istio.io/api module and where they came from, as the build reads them. */
export interface IstioCrdFile {
  source: { module: string; version: string; sum: string; file: string };
  /** `specYaml`: the spec's canonical YAML block, so serializing a CRD does not dump 60 KB each time. */
  crds: (IstioCrd & { specYaml: string })[];
}

/** `dist/assets/istio-crds.json`: the source and each CRD's name and annotations. */
export const ISTIO_CRDS_FILE = 'istio-crds.json';
/** The `specYaml` blocks, in CRD order: what `manifest generate` writes. */
export const ISTIO_CRD_BLOCKS_FILE = 'istio-crds.spec-yaml.txt';
/** The specs as JSON, in CRD order: read only when a spec's content is used (an overlay, an apply). */
export const ISTIO_CRD_SPECS_FILE = 'istio-crds.spec-json.txt';
/** Between the entries of both text files: YAML and JSON text never hold a raw NUL. */
const SEPARATOR = '\0';

/** The three files the build writes for `crds`. */
export function formatIstioCrdFiles(file: IstioCrdFile): { json: string; blocks: string; specs: string } {
  if (file.crds.some((c) => c.specYaml.includes(SEPARATOR))) throw new Error('a CRD spec block holds a NUL character');
  const blocks = file.crds.map((c) => c.specYaml).join(SEPARATOR);
  // ASCII text (today's) is read as latin1, a cheaper decoding than UTF-8 with the same result.
  const blocksEncoding: BufferEncoding = /^\p{ASCII}*$/u.test(blocks) ? 'latin1' : 'utf8';
  const json = { source: file.source, blocksEncoding, crds: file.crds.map(({ name, annotations }) => ({ name, annotations })) };
  return {
    json: `${JSON.stringify(json)}\n`,
    blocks,
    specs: file.crds.map((c) => JSON.stringify(c.spec)).join(SEPARATOR),
  };
}

/**
 * Reads the build's CRD files; a missing file is a build that did not run, said so plainly. The specs are
 * lazy (lazy-json.ts): their JSON is read and parsed only when one's content is first used.
 */
export function readIstioCrdFile(assetsDir: string): IstioCrdFile {
  const [file, blocksFile, specsFile] = [ISTIO_CRDS_FILE, ISTIO_CRD_BLOCKS_FILE, ISTIO_CRD_SPECS_FILE].map((f) => path.join(assetsDir, f)) as [string, string, string];
  const missing = [file, blocksFile, specsFile].find((f) => !existsSync(f));
  if (missing) throw new Error(`${missing} is missing: run \`npm run build\` (it fetches the istio.io/api Go module and writes the Istio CRDs there)`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { source: IstioCrdFile['source']; blocksEncoding: BufferEncoding; crds: Omit<IstioCrd, 'spec'>[] };
  const blocks = readFileSync(blocksFile, parsed.blocksEncoding).split(SEPARATOR);
  if (blocks.length !== parsed.crds.length) throw new Error(`${blocksFile} does not match ${file}: run \`npm run build\``);
  let specs: string[] | undefined;
  const specJson = (i: number): string => {
    if (!specs) {
      const read = readFileSync(specsFile, 'utf8').split(SEPARATOR);
      if (read.length !== parsed.crds.length) throw new Error(`${specsFile} does not match ${file}: run \`npm run build\``);
      specs = read;
    }
    return specs[i] as string;
  };
  return {
    source: parsed.source,
    crds: parsed.crds.map((crd, i) => ({ ...crd, spec: lazyJsonObject(() => JSON.parse(specJson(i)) as JsonObject), specYaml: blocks[i] as string })),
  };
}

/** The build's CRDs, read on first use and then kept. */
export function lazyIstioCrds(assetsDir: string): () => readonly IstioCrd[] {
  let crds: readonly IstioCrd[] | undefined;
  return () =>
    (crds ??= readIstioCrdFile(assetsDir).crds.map(({ specYaml, ...crd }) => {
      rememberSerialized(crd.spec, specYaml);
      return crd;
    }));
}
