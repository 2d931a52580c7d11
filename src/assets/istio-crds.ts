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

/** Reads the build's CRD file; a missing file is a build that did not run, said so plainly. */
export function readIstioCrdFile(assetsDir: string): IstioCrdFile {
  const file = path.join(assetsDir, ISTIO_CRDS_FILE);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run build\` (it fetches the istio.io/api Go module and writes the Istio CRDs there)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as IstioCrdFile;
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
