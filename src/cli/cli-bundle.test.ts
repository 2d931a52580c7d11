import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * bin/istio-operator runs `manifest generate` from the build's bundle (dist/bundle/cli.cjs) with V8's code
 * cache. It must print exactly what the ES modules print, for output, -o files, warnings and errors alike.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'istio-operator');
const bundle = path.join(root, 'dist', 'bundle', 'cli.cjs');
const esmMain = path.join(root, 'dist', 'src', 'cli', 'main.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'cli-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const iop = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: demo
  meshConfig:
    defaultConfig:
      proxyMetadata: { A: "yes", B: "0777" }
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
      k8s:
        env:
        - name: X
          value: "multi\\nline: *star #x"
        overlays:
        - kind: Deployment
          name: istio-ingressgateway
          patches:
          - path: spec.template.metadata.annotations.note
            value: "a: b"
`;

function run(argv: string[], viaBundle: boolean, outDir?: string): { status: number | null; stdout: string; stderr: string; files: Record<string, string> } {
  const args = outDir ? [...argv, '-o', outDir] : argv;
  // The command as a user runs it (its launcher and shebang), or the ES modules in this Node.
  // The 1.31 manifests are over 1 MiB, spawnSync's default buffer.
  const options = { encoding: 'utf8', cwd: scratch, maxBuffer: 64 << 20 } as const;
  const result = viaBundle ? spawnSync(bin, args, options) : spawnSync(process.execPath, [esmMain, ...args], options);
  const files: Record<string, string> = {};
  if (outDir && existsSync(outDir)) {
    for (const dir of readdirSync(outDir)) for (const f of readdirSync(path.join(outDir, dir))) files[`${dir}/${f}`] = readFileSync(path.join(outDir, dir, f), 'utf8');
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replaceAll(outDir ?? '\0', 'OUT'), files };
}

describe('the CLI bundle', () => {
  it('exists after `npm run build`, with its code cache', () => {
    expect(existsSync(bundle), 'run `npm run build` first').toBe(true);
    expect(existsSync(`${bundle}.v8cache`)).toBe(true);
  });

  it('holds no package but the Handlebars runtime: no kube client, logger or Handlebars compiler at start-up', () => {
    const packages = new Set([...readFileSync(bundle, 'utf8').matchAll(/\brequire\("([^".][^"]*)"\)/g)].map((m) => m[1]).filter((p) => !p?.startsWith('node:')));
    expect([...packages]).toEqual(['handlebars/dist/handlebars.runtime.js']);
  });

  it.each([
    [['manifest', 'generate', '--profile', 'demo']],
    [['manifest', 'generate', '--profile', 'ambient', '--set', 'values.pilot.env.FOO=a: b #c', '--set', 'revision=canary']],
    [['manifest', 'generate', '-f', 'iop.yaml', '--set', 'addonComponents.kiali.enabled=true']],
    [['manifest', 'generate', '--force', '--set', 'values.global.bogus=1']],
    [['manifest', 'generate', '--set', 'profile=nope']],
    [['manifest', 'generate', '--bogus']],
    [['manifest', 'generate', '--help']],
  ])('prints what the ES modules print for %j', (argv) => {
    writeFileSync(path.join(scratch, 'iop.yaml'), iop);
    const viaBundle = run(argv, true);
    expect(viaBundle).toEqual(run(argv, false));
    expect(viaBundle.stdout.length + viaBundle.stderr.length).toBeGreaterThan(0);
  });

  it('writes the same files with -o', () => {
    const viaBundle = run(['manifest', 'generate', '--profile', 'default'], true, path.join(scratch, 'a'));
    expect(Object.keys(viaBundle.files).length).toBeGreaterThan(2);
    expect(viaBundle).toEqual(run(['manifest', 'generate', '--profile', 'default'], false, path.join(scratch, 'b')));
  });

  it('runs with the code cache V8 accepted, for the bundle and the charts it loads', () => {
    const probe = `
      const { loadCachedScript, loadedScripts } = await import(${JSON.stringify(path.join(root, 'dist', 'src', 'startup', 'load-cached-script.js'))});
      const b = loadCachedScript(${JSON.stringify(bundle)});
      const io = { stdout() {}, stderr() {}, readFile() { throw new Error('no files'); }, writeFile() {} };
      await b.main.runCli(['manifest', 'generate', '--profile', 'demo'], io);
      const inner = b.load('src/startup/load-cached-script.js');
      console.log(JSON.stringify([...loadedScripts(), ...inner.loadedScripts()]));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const scripts = JSON.parse(result.stdout) as { file: string; cacheUsed: boolean }[];
    expect(scripts.map((s) => path.basename(s.file)).sort()).toEqual(['base.cjs', 'cli.cjs', 'gateways.cjs', 'istio-discovery.cjs']);
    expect(scripts.filter((s) => !s.cacheUsed)).toEqual([]);
  });
});
