import { describe, expect, it } from 'vitest';
import { matchesCommandLine } from './processes.js';

const state = '/repo/.e2e/cluster';

describe('matchesCommandLine', () => {
  it.each([
    ['our etcd', ['/cache/bin/etcd', `--data-dir=${state}/etcd`], 'etcd', true],
    ['same binary, other cluster', ['/cache/bin/etcd', '--data-dir=/other/etcd'], 'etcd', false],
    ['recycled pid, other program', ['/usr/bin/sleep', state], 'etcd', false],
    ['name is a prefix only', ['/cache/bin/kube-apiserver-x', `--cert-dir=${state}`], 'kube-apiserver', false],
    ['empty (process gone)', [], 'kwok', false],
  ])('%s', (_label, argv, name, expected) => {
    expect(matchesCommandLine(argv, name, state)).toBe(expected);
  });
});
