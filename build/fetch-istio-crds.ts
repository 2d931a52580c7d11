// Build step: fetch the istio.io/api Go module pinned by build/istio-api/go.mod and return its generated CRDs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { JsonObject } from '../src/api/json.js';
import type { KubeObject } from '../src/api/kube-object.js';
import type { IstioCrd, IstioCrdFile } from '../src/assets/istio-crds.js';
import { rememberSerialized, serializeNestedBlock } from '../src/startup/preserialized.js';
import { serializeObject } from '../src/pipeline/serialize-manifest.js';

const MODULE = 'istio.io/api';
const CRD_FILE = 'kubernetes/customresourcedefinitions.gen.yaml';

interface ModuleInfo {
  Version: string;
  Sum: string;
  Dir: string;
  Error?: string;
}

/**
 * `go mod download` in the wrapper module: the version comes from its go.mod, the checksum is verified
 * against its committed go.sum (-mod=readonly never rewrites it), the files land in the Go module cache
 * (outside the repository). Needs Go and the module proxy (or a warm module cache).
 */
export function downloadIstioApi(wrapperDir: string): ModuleInfo {
  let out: string;
  try {
    out = execFileSync('go', ['mod', 'download', '-json', MODULE], {
      cwd: wrapperDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '-mod=readonly' },
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`go mod download ${MODULE} failed in ${wrapperDir}: ${(err.stdout || err.stderr || err.message).trim()}`);
  }
  const info = JSON.parse(out) as ModuleInfo;
  if (info.Error) throw new Error(`go mod download ${MODULE}: ${info.Error}`);
  return info;
}

/** The spec's preserialized block, proven equal to serializing the whole object the ordinary way. */
function checkedSpecBlock(name: string, spec: JsonObject): string {
  const block = serializeNestedBlock(spec);
  const sample: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec };
  const slow = serializeObject(sample);
  rememberSerialized(spec, block);
  if (serializeObject(sample) !== slow) throw new Error(`${name}: the preserialized spec differs from serializing the object`);
  return block;
}

/** The CRDs of the module's generated file, metadata reduced to what we keep (name, annotations). */
export function readIstioCrds(info: ModuleInfo): IstioCrdFile {
  const file = path.join(info.Dir, CRD_FILE);
  const crds: IstioCrdFile['crds'] = [];
  for (const doc of yaml.loadAll(readFileSync(file, 'utf8'))) {
    if (doc === null || typeof doc !== 'object') continue;
    const d = doc as { kind?: string; metadata?: { name?: string; annotations?: Record<string, string> }; spec?: unknown };
    if (d.kind !== 'CustomResourceDefinition' || typeof d.metadata?.name !== 'string' || typeof d.spec !== 'object') {
      throw new Error(`${file}: a document that is not a named CustomResourceDefinition with a spec`);
    }
    const spec = d.spec as IstioCrd['spec'];
    crds.push({ name: d.metadata.name, annotations: d.metadata.annotations ?? {}, spec, specYaml: checkedSpecBlock(d.metadata.name, spec) });
  }
  return { source: { module: MODULE, version: info.Version, sum: info.Sum, file: CRD_FILE }, crds };
}
