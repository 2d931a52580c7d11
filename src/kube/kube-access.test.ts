import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeAccess } from './kube-access.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const file = path.join(dir, name);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'c',
    contexts: [{ name: 'other', context: { cluster: 'x', user: 'x' } }, { name: 'c', context: { cluster: 'k', user: 'u' } }],
    clusters: [{ name: 'k', cluster: { server: 'https://127.0.0.1:6443', ...cluster } }],
    users: [{ name: 'u', user }],
  };
  writeFileSync(file, yaml.dump(doc));
  return file;
}

async function optionsOf(file: string | undefined, env: NodeJS.ProcessEnv = {}): Promise<https.RequestOptions> {
  const opts: https.RequestOptions = {};
  await loadKubeAccess(file, env).applyToHTTPSOptions(opts);
  return opts;
}

describe('loadKubeAccess', () => {
  it('reads the current context: inline CA and client certificate, TLS server name', async () => {
    const file = kubeconfig('inline', { 'certificate-authority-data': Buffer.from('CA').toString('base64'), 'tls-server-name': 'kube' }, {
      'client-certificate-data': Buffer.from('CERT').toString('base64'),
      'client-key-data': Buffer.from('KEY').toString('base64'),
    });
    expect(loadKubeAccess(file).getCurrentCluster()).toEqual({ server: 'https://127.0.0.1:6443' });
    const opts = await optionsOf(file);
    expect([String(opts.ca), String(opts.cert), String(opts.key), opts.servername]).toEqual(['CA', 'CERT', 'KEY', 'kube']);
  });

  it('resolves certificate and token files relative to the kubeconfig, and reads the token per request', async () => {
    writeFileSync(path.join(dir, 'ca.crt'), 'FILE-CA');
    writeFileSync(path.join(dir, 'token'), 'one\n');
    const file = kubeconfig('files', { 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true }, { tokenFile: 'token' });
    const access = loadKubeAccess(file);
    const first: https.RequestOptions = {};
    await access.applyToHTTPSOptions(first);
    expect([String(first.ca), first.rejectUnauthorized, (first.headers as Record<string, string>).Authorization]).toEqual(['FILE-CA', false, 'Bearer one']);
    writeFileSync(path.join(dir, 'token'), 'two\n');
    const second: https.RequestOptions = {};
    await access.applyToHTTPSOptions(second);
    expect((second.headers as Record<string, string>).Authorization).toBe('Bearer two');
  });

  it('runs an exec credential plugin once until its credential expires', async () => {
    const plugin = path.join(dir, 'plugin.sh');
    const counter = path.join(dir, 'runs');
    writeFileSync(plugin, `#!/bin/sh\necho x >> ${counter}\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-exec"}}'\n`);
    chmodSync(plugin, 0o755);
    const file = kubeconfig('exec', {}, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './plugin.sh', args: [] } });
    const access = loadKubeAccess(file);
    for (let i = 0; i < 2; i++) {
      const opts: https.RequestOptions = {};
      await access.applyToHTTPSOptions(opts);
      expect((opts.headers as Record<string, string>).Authorization).toBe('Bearer from-exec');
    }
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('takes $KUBECONFIG, and names the context when it is missing', () => {
    const file = kubeconfig('env', {}, { token: 't' });
    expect(loadKubeAccess(undefined, { KUBECONFIG: `/nonexistent:${file}` }).getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    const broken = path.join(dir, 'broken');
    writeFileSync(broken, yaml.dump({ 'current-context': 'nope', contexts: [] }));
    expect(() => loadKubeAccess(broken)).toThrow("no usable current context 'nope'");
  });
});
