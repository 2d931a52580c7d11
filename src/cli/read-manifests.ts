import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { checkInputTree } from '../pipeline/check-input-tree.js';
import { FILE_TREE_LIMITS, INPUT_LIMITS } from '../pipeline/input-limits.js';
import { jsYaml } from '../startup/js-yaml-lazy.js';
import { CliError, type CliIo } from './cli-io.js';

/**
 * Parses a multi-document YAML file of at most `maxBytes`; a file that is missing, too large, not YAML, or
 * whose YAML expands (through aliases) past FILE_TREE_LIMITS is a CliError naming it.
 */
export function readYamlDocuments(io: CliIo, file: string, maxBytes: number = INPUT_LIMITS.iopFileBytes): JsonObject[] {
  let text: string;
  try {
    text = io.readFile(file, maxBytes);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let docs: unknown[];
  try {
    docs = jsYaml().loadAll(text);
  } catch (e) {
    throw new CliError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const unsafe = checkInputTree(docs, '', FILE_TREE_LIMITS)[0];
  if (unsafe) {
    // The walk starts at the list of documents: `[1].spec.x` is document 2's `spec.x`.
    const where = unsafe.path.replace(/^\[(\d+)\]\.?/, (_, i: string) => `document ${Number(i) + 1}: `);
    throw new CliError(`${file}: ${where}${where.endsWith(': ') ? '' : ': '}${unsafe.reason}`);
  }
  const out: JsonObject[] = [];
  docs.forEach((doc, index) => {
    if (doc === null || doc === undefined) return;
    if (!isJsonObject(doc as JsonObject)) throw new CliError(`${file}: document ${index + 1} is not a mapping`);
    out.push(doc as JsonObject);
  });
  return out;
}

/** Kubernetes objects of a rendered manifest file (documents without kind/name are rejected). */
export function readManifest(io: CliIo, file: string): KubeObject[] {
  return readYamlDocuments(io, file, INPUT_LIMITS.manifestFileBytes).map((doc, index) => {
    const meta = doc.metadata;
    if (typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string' || !isJsonObject(meta ?? null)) {
      throw new CliError(`${file}: document ${index + 1} is not a Kubernetes object (apiVersion, kind, metadata)`);
    }
    return doc as unknown as KubeObject;
  });
}
