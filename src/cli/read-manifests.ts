import { isJsonObject, type JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { jsYaml } from '../pipeline/js-yaml-lazy.js';
import { CliError, type CliIo } from './cli-io.js';

/** Parses a multi-document YAML file; a file that is missing or not YAML is a CliError naming it. */
export function readYamlDocuments(io: CliIo, file: string): JsonObject[] {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let docs: unknown[];
  try {
    docs = jsYaml().loadAll(text);
  } catch (e) {
    throw new CliError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
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
  return readYamlDocuments(io, file).map((doc, index) => {
    const meta = doc.metadata;
    if (typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string' || !isJsonObject(meta ?? null)) {
      throw new CliError(`${file}: document ${index + 1} is not a Kubernetes object (apiVersion, kind, metadata)`);
    }
    return doc as unknown as KubeObject;
  });
}
