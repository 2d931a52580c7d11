import { describe, expect, it } from 'vitest';
import { ARGS_BUILDERS, COMPONENTS, NETWORK, type ArgsInput } from './component-args.js';
import { resolveClusterPaths } from './paths.js';
import { resolvePki } from './pki.js';

const paths = resolveClusterPaths({ E2E_CLUSTER_DIR: '/tmp/e2e-state' }, '/repo');
const input: ArgsInput = {
  paths,
  pki: resolvePki(paths.pki),
  ports: { etcdClient: 2379, etcdPeer: 2380, apiserver: 6443, controllerManager: 10257, scheduler: 10259 },
  advertiseAddress: '192.0.2.2',
  stagesDir: '/cache/kwok-stages',
};

const flag = (args: string[], name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const inCidr = (ip: string, cidr: string): boolean => {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
};

describe('component arguments', () => {
  it.each(COMPONENTS)('%s binds and dials loopback only', (name) => {
    const args = ARGS_BUILDERS[name](input);
    const urls = args.flatMap((a) => a.match(/[a-z]+:\/\/[^,\s]+/g) ?? [])
      .filter((u) => !u.startsWith('https://kubernetes.default.svc')); // SA issuer: an identifier, never dialed
    urls.forEach((u) => expect(new URL(u).hostname).toBe('127.0.0.1'));
    const bind = flag(args, 'bind-address');
    if (bind !== undefined) expect(bind).toBe('127.0.0.1');
    expect(args.some((a) => a.includes(paths.state)), 'state dir in argv (pid ownership check)').toBe(true);
  });

  it('keeps the apiserver from calling webhooks or aggregated APIs through Services', () => {
    const args = ARGS_BUILDERS['kube-apiserver'](input);
    expect(flag(args, 'disable-admission-plugins')?.split(',').sort())
      .toEqual(['MutatingAdmissionWebhook', 'ValidatingAdmissionWebhook']);
    expect(flag(args, 'enable-aggregator-routing')).toBe('false');
    expect(flag(args, 'authorization-mode')).toBe('RBAC');
    expect(flag(args, 'cert-dir')).toBe('/tmp/e2e-state/cert-dir');
  });

  it('gives kwok pod and node addresses outside the Service range and every v0.8.0 stage', () => {
    const args = ARGS_BUILDERS.kwok(input);
    expect(flag(args, 'cidr')).toBe(NETWORK.podCidr);
    expect(inCidr(NETWORK.podCidr.split('/')[0] ?? '', NETWORK.serviceCidr)).toBe(false);
    expect(inCidr(NETWORK.nodeIp, NETWORK.serviceCidr)).toBe(false);
    expect(inCidr(NETWORK.nodeIp, NETWORK.podCidr)).toBe(false);
    expect(args.filter((a) => a.startsWith('--config=')).map((a) => a.split('/').pop())).toEqual([
      'node-initialize.yaml', 'node-heartbeat-with-lease.yaml', 'pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml',
    ]);
    expect(args.some((a) => a.startsWith('--server-address') || a.startsWith('--node-port'))).toBe(false);
  });
});
