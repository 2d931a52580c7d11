import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../assets/load-assets.js';
import { singlePackCatalog } from '../packs/pack-catalog.js';
import { LabelKeys } from '../api/labels.js';
import { createMemoryIo } from './memory-io.js';
import type { CommandContext } from './command.js';
import { buildInstallPlan, formatInstallPlan } from './install-plan.js';
import { renderInstallTarget } from './install-target.js';
import { runCli } from './main.js';
import { formatVerifyReport } from './verify-command.js';

const assets = loadAssets();
const catalog = singlePackCatalog(assets);
/** A day on which the pack under test was supported: stderr holds no end-of-life warning. */
const BEFORE_END_OF_LIFE = '2026-01-01';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = createMemoryIo();
  const code = await runCli(argv, io, () => catalog, BEFORE_END_OF_LIFE);
  return { code, ...io.out };
}

/** A kubeconfig whose server nobody listens on (loopback port 1). */
function unreachableKubeconfig(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iop-cli-')), 'kubeconfig');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
  );
  return file;
}

describe('install / verify / uninstall without a cluster', () => {
  it.each([['install'], ['verify'], ['uninstall']])('%s --help documents its options', async (command) => {
    const out = await cli([command, '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^Usage: istio-operator ${command}`));
    expect(out.stdout).toContain('--kubeconfig PATH');
  });

  it('lists the three commands in the top-level help', async () => {
    const out = await cli(['--help']);
    expect(out.stdout).toMatch(/\n {2}install {2,}Install Istio/);
    expect(out.stdout).toMatch(/\n {2}verify {2,}/);
    expect(out.stdout).toMatch(/\n {2}uninstall {2,}/);
  });

  it.each([
    [['install', '--timeout', 'soon'], 2, /^Error: install: --timeout takes a duration \(90s, 5m, 1h\) or a number of seconds, got 'soon'\n$/],
    [['install', '--bogus'], 2, /^Error: install: Unknown option '--bogus'/],
    [['install', '--set', 'profile=nope', '--kubeconfig', '/nonexistent'], 1, /unknown profile "nope"/],
    [['verify', '--kubeconfig', '/nonexistent/kubeconfig'], 1, /^Error: cannot reach the cluster: cannot load kubeconfig \/nonexistent\/kubeconfig: ENOENT/],
  ])('%j fails with one line and no stack trace', async (argv, code, message) => {
    const out = await cli(argv);
    expect(out.code).toBe(code);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    // The first case to reach the cluster code loads client-node: seconds on a loaded 2-core machine.
  }, 20_000);

  it('reports an unreachable API server as one line naming it', async () => {
    const out = await cli(['install', '--profile', 'minimal', '--kubeconfig', unreachableKubeconfig()]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^Error: cannot reach the cluster at https:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  }, 20_000);
});

describe('renderInstallTarget', () => {
  it('owns the objects as IstioOperator <istio namespace>/<metadata.name>', () => {
    const io = createMemoryIo({ 'iop.yaml': 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: mesh\nspec:\n  profile: minimal\n' });
    const ctx: CommandContext = { io, packs: () => catalog, today: () => BEFORE_END_OF_LIFE };
    const { desired, owner } = renderInstallTarget({ filename: ['iop.yaml'], set: ['values.global.istioNamespace=mesh-ns'] }, ctx);
    expect(owner).toEqual({ name: 'mesh', namespace: 'mesh-ns' });
    const want = { [LabelKeys.owningResource]: 'mesh', [LabelKeys.owningResourceNamespace]: 'mesh-ns' };
    for (const o of desired.objects) {
      // Base objects are shared by every installation and owned by none.
      if (o.metadata.labels?.[LabelKeys.component] === 'Base') expect(o.metadata.labels?.[LabelKeys.owningResource]).toBeUndefined();
      else expect(o.metadata.labels).toMatchObject(want);
    }
    // The component view holds the very same labelled objects, in the same order as before.
    expect(desired.components.flatMap((c) => c.objects).every((o) => desired.objects.includes(o))).toBe(true);
    expect(renderInstallTarget({}, ctx).owner).toEqual({ name: 'installed-state', namespace: 'istio-system' });
    // A canary revision gets its own owner, so installing it never prunes the default revision.
    expect(renderInstallTarget({ revision: 'canary' }, ctx).owner).toEqual({ name: 'installed-state-canary', namespace: 'istio-system' });
  });
});

describe('formatters', () => {
  const ref = (kind: string, name: string) => ({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, namespace: 'ns', name });

  it('prints a dry-run plan with every action and the counts', () => {
    const plan = buildInstallPlan(
      ['ns'],
      [
        { ref: ref('ConfigMap', 'istio'), state: 'drifted', path: 'data.mesh' },
        { ref: ref('Deployment', 'istiod'), state: 'missing' },
        { ref: ref('Service', 'istiod'), state: 'matches' },
      ],
      [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gw', namespace: 'ns' } }],
    );
    expect(formatInstallPlan(plan)).toBe(
      `ACTION     OBJECT                     DETAIL
create     Namespace ns
create     Deployment.apps ns/istiod
configure  ConfigMap ns/istio         differs at data.mesh
prune      Deployment.apps ns/gw      no longer rendered

Dry run: 2 to create, 1 to configure, 1 to prune, 1 unchanged. Nothing was written.
`,
    );
  });

  it('lists missing, differing and not-ready objects in the verify report', () => {
    const notReady = { component: 'Pilot', ready: false, failed: false, objectCount: 2, reasons: ['Deployment.apps ns/istiod: 0/1 replicas available'] };
    const report = formatVerifyReport([{ ref: ref('ConfigMap', 'istio'), state: 'missing' }, { ref: ref('Service', 'istiod'), state: 'drifted', path: 'spec.ports' }], [notReady], [notReady]);
    expect(report.problems).toBe(3);
    expect(report.text).toContain('Missing from the cluster (1):\n  ConfigMap ns/istio\n');
    expect(report.text).toContain('Differs from the rendering (1):\n  Service ns/istiod: spec.ports\n');
    expect(report.text).toContain('Not ready (1):\n  Pilot: 0/1 replicas available (Deployment.apps ns/istiod)\n');
    expect(report.text).toMatch(/Pilot\s+2\s+Not ready: 0\/1 replicas available/);
    const ok = formatVerifyReport([], [{ ...notReady, ready: true, reasons: [] }], [{ ...notReady, ready: true, reasons: [] }]);
    expect(ok).toEqual({ problems: 0, text: expect.stringMatching(/^COMPONENT {2}OBJECTS {2}STATUS\nPilot {6}2 {8}Ready\n\nOK: /) });
  });
});
