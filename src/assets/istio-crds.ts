import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { rememberSerialized } from '../pipeline/preserialized.js';
import type { IstioCrd } from '../pipeline/types.js';

export type { IstioCrd };

/** `dist/assets/istio-crds.json`: the CRDs of the istio.io/api module and where they came from. */
export interface IstioCrdFile {
  source: { module: string; version: string; sum: string; file: string };
  /** `specYaml`: the spec's canonical YAML block, so serializing a CRD does not dump 60 KB each time. */
  crds: (IstioCrd & { specYaml: string })[];
}

export const ISTIO_CRDS_FILE = 'istio-crds.json';
/**
 * The `specYaml` blocks, in CRD order, NUL-separated (YAML text never holds a raw NUL): read as plain text
 * they cost a cold start far less than as ~800 KB of JSON strings.
 */
export const ISTIO_CRD_BLOCKS_FILE = 'istio-crds.spec-yaml.txt';
const BLOCK_SEPARATOR = '\0';

/** The two files the build writes for `crds`. */
export function formatIstioCrdFiles(file: IstioCrdFile): { json: string; blocks: string } {
  if (file.crds.some((c) => c.specYaml.includes(BLOCK_SEPARATOR))) throw new Error('a CRD spec block holds a NUL character');
  const json = { source: file.source, crds: file.crds.map(({ specYaml: _, ...crd }) => crd) };
  return { json: `${JSON.stringify(json)}\n`, blocks: file.crds.map((c) => c.specYaml).join(BLOCK_SEPARATOR) };
}

/** Reads the build's CRD files; a missing file is a build that did not run, said so plainly. */
export function readIstioCrdFile(assetsDir: string): IstioCrdFile {
  const file = path.join(assetsDir, ISTIO_CRDS_FILE);
  const blocksFile = path.join(assetsDir, ISTIO_CRD_BLOCKS_FILE);
  if (!existsSync(file) || !existsSync(blocksFile)) {
    throw new Error(`${file} is missing: run \`npm run build\` (it fetches the istio.io/api Go module and writes the Istio CRDs there)`);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { source: IstioCrdFile['source']; crds: IstioCrd[] };
  const blocks = readFileSync(blocksFile, 'utf8').split(BLOCK_SEPARATOR);
  if (blocks.length !== parsed.crds.length) throw new Error(`${blocksFile} does not match ${file}: run \`npm run build\``);
  return { source: parsed.source, crds: parsed.crds.map((crd, i) => ({ ...crd, specYaml: blocks[i] as string })) };
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
