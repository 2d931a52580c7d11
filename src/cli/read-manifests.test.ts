import { describe, expect, it } from 'vitest';
import { YAML_ALIAS_BOMB } from '../pipeline/fixtures/hostile-inputs.js';
import { CliError, processIo } from './cli-io.js';
import { createMemoryIo } from './memory-io.js';
import { readManifest, readYamlDocuments } from './read-manifests.js';

const iop = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {}\n';

describe('readYamlDocuments', () => {
  it('reads an endless file only up to the limit', () => {
    const started = performance.now();
    expect(() => processIo.readFile('/dev/zero', 1024 * 1024)).toThrow(new CliError('/dev/zero is larger than the limit of 1 MiB'));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(() => readYamlDocuments(processIo, '/dev/zero')).toThrow(new CliError('/dev/zero is larger than the limit of 1 MiB'));
  });

  it('caps an IstioOperator file at 1 MiB and a manifest at 16 MiB', () => {
    const big = `${iop}# ${'x'.repeat(1024 * 1024)}\n`;
    const io = createMemoryIo({ 'iop.yaml': big, 'm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' + `# ${'x'.repeat(1024 * 1024)}\n` });
    expect(() => readYamlDocuments(io, 'iop.yaml')).toThrow(new CliError('iop.yaml is larger than the limit of 1 MiB'));
    expect(readManifest(io, 'm.yaml')).toHaveLength(1);
  });

  it('refuses a YAML alias bomb and a reserved key, naming the file and the document', () => {
    const io = createMemoryIo({ 'bomb.yaml': `${iop}---\n${YAML_ALIAS_BOMB}\n`, 'proto.yaml': 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  __proto__: {x: 1}\n' });
    expect(() => readYamlDocuments(io, 'bomb.yaml')).toThrow(/^bomb\.yaml: document 2: .*the input holds more than 4000000 values \(YAML aliases count once per use\); refused$/);
    expect(() => readYamlDocuments(io, 'proto.yaml')).toThrow(new CliError('proto.yaml: document 1: spec.__proto__: "__proto__" is not allowed as a key: it names JavaScript object internals'));
  });
});
