import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../assets/load-assets.js';
import { singlePackCatalog } from '../packs/pack-catalog.js';
import { runCli } from './main.js';
import { createMemoryIo } from './memory-io.js';

const assets = loadAssets();
const catalog = singlePackCatalog(assets);
/** A day on which the pack under test was supported: stderr holds no end-of-life warning. */
const BEFORE_END_OF_LIFE = '2026-01-01';

/** Runs the CLI in-process against an in-memory file system. */
async function cli(argv: string[], files: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; files: Record<string, string> }> {
  const io = createMemoryIo(files);
  const code = await runCli(argv, io, () => catalog, BEFORE_END_OF_LIFE);
  return { code, ...io.out, files: io.files };
}

const kindsOf = (text: string): string[] => yaml.loadAll(text).map((d) => `${(d as { kind: string }).kind}/${(d as { metadata: { name: string } }).metadata.name}`);

describe('istio-operator CLI', () => {
  it('renders a profile to stdout, deterministically', async () => {
    const first = await cli(['manifest', 'generate', '--profile', 'demo']);
    const second = await cli(['manifest', 'generate', '--set', 'profile=demo']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(kindsOf(first.stdout)).toContain('Deployment/istio-egressgateway');
  });

  it('merges -f files and --set flags, later wins', async () => {
    const iop = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: minimal\n  revision: one\n';
    const out = await cli(['manifest', 'generate', '-f', 'iop.yaml', '--revision', 'two'], { 'iop.yaml': iop });
    expect(out.code).toBe(0);
    expect(kindsOf(out.stdout)).toContain('Deployment/istiod-two');
  });

  it('accepts --force as istioctl does: schema problems become warnings, the rest of the spec renders', async () => {
    const flags = ['--set', 'values.global.bogus=1', '--set', 'values.pilot.autoscaleEnabled=false', '--set', 'components.pilot.k8s.replicaCount=3'];
    const refused = await cli(['manifest', 'generate', ...flags]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.values.global.bogus: unknown field');
    const forced = await cli(['manifest', 'generate', '--force', ...flags]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Warning: spec.values.global.bogus: unknown field (ignored: --force)');
    const istiod = yaml.loadAll(forced.stdout).find((d) => (d as { kind: string; metadata: { name: string } }).kind === 'Deployment' && (d as { metadata: { name: string } }).metadata.name === 'istiod');
    expect((istiod as { spec: { replicas: number } }).spec.replicas).toBe(3);
    expect((await cli(['manifest', 'generate', '--force', '--set', 'revision=Not_Valid'])).code).not.toBe(0);
  });

  it('writes one file per component with -o', async () => {
    const out = await cli(['manifest', 'generate', '--profile', 'default', '-o', 'out']);
    expect(out.code).toBe(0);
    expect(Object.keys(out.files).some((f) => f.startsWith(path.join('out', 'Pilot')))).toBe(true);
    expect(out.stderr).toMatch(/^Wrote \d+ objects in \d+ files under out/);
  });

  it.each([
    [['manifest', 'generate', '--set', 'profile=nope'], /spec\.profile: unknown profile "nope" \(known profiles: ambient, default, demo/],
    [['manifest', 'generate', '--set', 'components.pilot.k8s.replicaCont=2', '--set', 'values.global.proxy.privilegd=true'], /2 problems[\s\S]*spec\.components\.pilot\.k8s\.replicaCont[\s\S]*spec\.values\.global\.proxy\.privilegd/],
    [['manifest', 'generate', '--set', 'components.ingressGateways[name:foo].enabled=true'], /--set components\.ingressGateways\[name:foo\]\.enabled=true: element \[name:foo\] not found/],
    [['manifest', 'generate', '-f', 'missing.yaml'], /cannot read missing\.yaml: ENOENT/],
    [['manifest', 'generate', '--set', 'revision=Not_Valid'], /spec\.revision/],
  ])('rejects bad input %j with a message naming the field', async (argv, message) => {
    const out = await cli(argv);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^Error: /);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists, dumps and diffs profiles', async () => {
    expect((await cli(['profile', 'list'])).stdout).toMatch(/default\n[\s\S]*minimal\n/);
    const dump = await cli(['profile', 'dump', 'demo']);
    expect(yaml.load(dump.stdout)).toMatchObject({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'demo' } });
    const diff = await cli(['profile', 'diff', 'default', 'demo']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/istio-egressgateway/);
    expect((await cli(['profile', 'diff', 'default', 'default'])).code).toBe(0);
    expect((await cli(['profile', 'dump', '../etc/passwd'])).stderr).toMatch(/spec\.profile/);
  });

  it('diffs two rendered manifests object by object', async () => {
    const a = (await cli(['manifest', 'generate', '--profile', 'minimal'])).stdout;
    const b = (await cli(['manifest', 'generate', '--profile', 'minimal', '--set', 'values.pilot.traceSampling=5'])).stdout;
    const out = await cli(['manifest', 'diff', 'a.yaml', 'b.yaml'], { 'a.yaml': a, 'b.yaml': b });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/Deployment\.apps istio-system\/istiod/);
    expect((await cli(['manifest', 'diff', 'a.yaml', 'a.yaml'], { 'a.yaml': a })).code).toBe(0);
  });

  it('prints help for every command and usage errors with exit code 2', async () => {
    for (const argv of [['--help'], ['manifest', 'generate', '--help'], ['manifest', 'diff', '-h'], ['profile', 'list', '--help'], ['profile', 'dump', '--help'], ['profile', 'diff', '--help'], ['run', '--help']]) {
      const out = await cli(argv);
      expect(out.code, argv.join(' ')).toBe(0);
      expect(out.stdout).toMatch(/Usage: istio-operator/);
    }
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['manifest', 'generate', '--bogus'])).stderr).toMatch(/manifest generate: Unknown option '--bogus'/);
    expect((await cli(['profile', 'dump'])).code).toBe(2);
  });
});

describe('CLI manners (kubectl and istioctl are the reference)', () => {
  it('`help CMD` prints the command\'s help, like `CMD --help`', async () => {
    const viaHelp = await cli(['help', 'manifest', 'generate']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe((await cli(['manifest', 'generate', '--help'])).stdout);
    expect(viaHelp.stdout).toMatch(/^Usage: istio-operator manifest generate/);
  });

  it('diff commands exit 0 when equal, 1 when different, 2 on an error', async () => {
    const a = (await cli(['manifest', 'generate', '--profile', 'minimal'])).stdout;
    const b = (await cli(['manifest', 'generate', '--profile', 'demo'])).stdout;
    expect((await cli(['manifest', 'diff', 'a.yaml', 'a2.yaml'], { 'a.yaml': a, 'a2.yaml': a })).code).toBe(0);
    expect((await cli(['manifest', 'diff', 'a.yaml', 'b.yaml'], { 'a.yaml': a, 'b.yaml': b })).code).toBe(1);
    const missing = await cli(['manifest', 'diff', 'a.yaml', 'gone.yaml'], { 'a.yaml': a });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Error: .*gone\.yaml/);
    expect((await cli(['profile', 'diff', 'default', 'default'])).code).toBe(0);
    expect((await cli(['profile', 'diff', 'default', 'demo'])).code).toBe(1);
    expect((await cli(['profile', 'diff', 'default', 'no-such-profile'])).code).toBe(2);
  });

  it('suggests the command a typo most likely meant', async () => {
    expect((await cli(['instal'])).stderr).toMatch(/^Error: unknown command 'instal'\. Did you mean 'install'\?/);
    expect((await cli(['profil', 'dump'])).stderr).toMatch(/Did you mean 'profile dump'\?/);
    const far = await cli(['deploy-everything']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toMatch(/Did you mean/);
  });
});

describe('the built binary', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const bin = path.join(root, 'bin', 'istio-operator');
  // `npm test` builds first; a bare `vitest` run without dist/ tells you to build rather than skipping.
  it('reads the IstioOperator from standard input with -f -', () => {
    const input = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {profile: minimal}\n';
    const run = spawnSync(bin, ['manifest', 'generate', '-f', '-'], { encoding: 'utf8', input, maxBuffer: 64 << 20 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(kindsOf(run.stdout)).toContain('Deployment/istiod');
  });

  it('exits non-zero with the message on stderr and no stack trace', () => {
    expect(existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js')), 'run `npm run build` first').toBe(true);
    const run = spawnSync(bin, ['manifest', 'generate', '--set', 'profile=../../etc'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error: the IstioOperator is invalid \(1 problem\):\n {2}- spec\.profile: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  // Node warns on stderr when it cannot load NODE_EXTRA_CA_CERTS (Node 20 before any JavaScript runs, Node 22+
  // when the first TLS connection needs it): a file that is not there shows which commands keep the variable.
  it('starts the commands that open no connection without NODE_EXTRA_CA_CERTS, and the others with it', () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(root, 'no-such-ca-bundle.pem') };
    const warning = /Ignoring extra certs from .*no-such-ca-bundle\.pem/;
    for (const argv of [['manifest', 'generate', '--profile', 'minimal'], ['profile', 'list'], ['--help']]) {
      // The manifest is over 1 MiB since Istio 1.31's CRDs (spawnSync's default buffer).
      const run = spawnSync(bin, argv, { encoding: 'utf8', env, maxBuffer: 64 << 20 });
      expect(run.status, argv.join(' ')).toBe(0);
      expect(run.stderr, argv.join(' ')).not.toMatch(warning);
    }
    // A command that connects (to a port nothing listens on) still has the variable when it opens TLS.
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-ca-'));
    try {
      const kubeconfig = path.join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, yaml.dump({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9' } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      }));
      const iop = path.join(dir, 'iop.yaml');
      writeFileSync(iop, yaml.dump({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'x', namespace: 'istio-system' }, spec: { profile: 'minimal' } }));
      const run = spawnSync(bin, ['verify', '--kubeconfig', kubeconfig, '-f', iop], { encoding: 'utf8', env, timeout: 60_000 });
      expect(run.stderr).toMatch(/cannot reach the cluster/);
      expect(run.stderr).toMatch(warning);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Direct writes to the descriptor (cli-io.ts) must survive a reader that is slower than the output and a
  // descriptor that is non-blocking, which a parent may hand over. python3 makes such a pipe; Node cannot.
  it('writes all of a large manifest into a full non-blocking pipe, and exits 0', () => {
    const script = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(1)',
      'data = b"".join(iter(lambda: os.read(r, 65536), b""))',
      'print(p.wait(), len(data), data.count(b"\\n---\\n"))',
    ].join('\n');
    const direct = spawnSync(bin, ['manifest', 'generate', '--profile', 'demo'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const run = spawnSync('python3', ['-c', script, bin, 'manifest', 'generate', '--profile', 'demo'], { encoding: 'utf8' });
    // The python wrapper's own stderr is empty; the CLI's may hold an end-of-life warning, depending on the date.
    expect(run.stderr.replace(/^Warning: Istio \S+ reach(es|ed) end of life.*\n/gm, '')).toBe('');
    expect(run.stdout.trim()).toBe(`0 ${Buffer.byteLength(direct.stdout)} ${direct.stdout.split('\n---\n').length - 1}`);
  });

  it('finds its package through a chain of symbolic links, as npm installs it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-link-'));
    try {
      mkdirSync(path.join(dir, '.bin'));
      symlinkSync(path.relative(path.join(dir, '.bin'), bin), path.join(dir, '.bin', 'relative'));
      symlinkSync(path.join(dir, '.bin', 'relative'), path.join(dir, 'absolute'));
      const run = spawnSync(path.join(dir, 'absolute'), ['profile', 'list'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Istio configuration profiles:\n {4}ambient\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
