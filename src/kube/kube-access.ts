import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';

/**
 * What our HTTP clients need from a kubeconfig: the server, and TLS options plus credentials per
 * request. client-node's KubeConfig has the same two methods, so tests and tools can pass one; the
 * operator uses loadKubeAccess, because importing client-node costs ~60 MiB of resident memory (it
 * loads every generated API model) for the two methods we use.
 */
export interface KubeAccess {
  getCurrentCluster(): { server: string } | null;
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}

type Entry = Record<string, unknown>;
interface Named { name?: string; cluster?: Entry; user?: Entry; context?: Entry }
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const str = (e: Entry | undefined, k: string): string | undefined => (typeof e?.[k] === 'string' && e[k] !== '' ? (e[k] as string) : undefined);

/**
 * The kubeconfig at `file`, else $KUBECONFIG (first file), else ~/.kube/config, else the in-cluster
 * service account. Client certificates, bearer tokens (inline, tokenFile, the rotating service account
 * token), basic auth and exec credential plugins are handled here; a legacy `auth-provider` user is
 * delegated to client-node, loaded only then.
 */
export function loadKubeAccess(file?: string, env: NodeJS.ProcessEnv = process.env): KubeAccess {
  const home = path.join(os.homedir(), '.kube', 'config');
  const chosen = file ?? env.KUBECONFIG?.split(path.delimiter).find((f) => f && existsSync(f)) ?? (existsSync(home) ? home : undefined);
  if (chosen) return fromFile(chosen);
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new Error('No kubeconfig found ($KUBECONFIG, ~/.kube/config) and not running in a cluster');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  return build(server, { 'certificate-authority': path.join(SA_DIR, 'ca.crt') }, { tokenFile: path.join(SA_DIR, 'token') }, '/');
}

function fromFile(file: string): KubeAccess {
  const doc = (yaml.load(readFileSync(file, 'utf8')) ?? {}) as Entry;
  const list = (k: string): Named[] => (Array.isArray(doc[k]) ? (doc[k] as Named[]) : []);
  const pick = (k: string, name: string | undefined): Named | undefined => list(k).find((e) => e.name === name);
  const contextName = str(doc, 'current-context');
  const context = pick('contexts', contextName)?.context;
  const cluster = pick('clusters', str(context, 'cluster'))?.cluster;
  const user = pick('users', str(context, 'user'))?.user ?? {};
  const server = str(cluster, 'server');
  if (!context || !cluster || !server) throw new Error(`Kubeconfig ${file} has no usable current context '${contextName ?? ''}'`);
  if (user['auth-provider'] !== undefined) return delegateToClientNode(file, server);
  return build(server, cluster, user, path.dirname(file));
}

function build(server: string, cluster: Entry, user: Entry, dir: string): KubeAccess {
  const file = (p: string | undefined): Buffer | undefined => (p ? readFileSync(path.resolve(dir, p)) : undefined);
  const data = (d: string | undefined): Buffer | undefined => (d ? Buffer.from(d, 'base64') : undefined);
  // Read once: certificate files do not rotate under a running process; tokens do (read per request).
  const ca = data(str(cluster, 'certificate-authority-data')) ?? file(str(cluster, 'certificate-authority'));
  const cert = data(str(user, 'client-certificate-data')) ?? file(str(user, 'client-certificate'));
  const key = data(str(user, 'client-key-data')) ?? file(str(user, 'client-key'));
  const exec = typeof user.exec === 'object' && user.exec !== null ? createExecCredential(user.exec as Entry, dir) : undefined;
  return {
    getCurrentCluster: () => ({ server }),
    async applyToHTTPSOptions(opts) {
      if (ca) opts.ca = ca;
      if (cert) opts.cert = cert;
      if (key) opts.key = key;
      if (cluster['insecure-skip-tls-verify'] === true) opts.rejectUnauthorized = false;
      const serverName = str(cluster, 'tls-server-name');
      if (serverName) opts.servername = serverName;
      const headers = (opts.headers ??= {}) as Record<string, string>;
      const fromExec = exec?.();
      if (fromExec?.cert) [opts.cert, opts.key] = [fromExec.cert, fromExec.key];
      const tokenFile = str(user, 'tokenFile');
      const token = fromExec?.token ?? str(user, 'token') ?? (tokenFile ? readFileSync(path.resolve(dir, tokenFile), 'utf8').trim() : undefined);
      if (token) headers.Authorization = `Bearer ${token}`;
      const username = str(user, 'username');
      if (username) opts.auth = `${username}:${str(user, 'password') ?? ''}`;
    },
  };
}

interface ExecResult { token?: string; cert?: string; key?: string }

/** A client.authentication.k8s.io ExecCredential plugin, re-run when its credential expires. */
function createExecCredential(exec: Entry, dir: string): () => ExecResult {
  let cached: { result: ExecResult; expires: number } | undefined;
  return () => {
    if (cached && Date.now() < cached.expires) return cached.result;
    const command = str(exec, 'command') ?? '';
    const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
    const extra = Array.isArray(exec.env) ? Object.fromEntries((exec.env as Entry[]).map((e) => [String(e.name), String(e.value)])) : {};
    const cmd = command.includes('/') ? path.resolve(dir, command) : command;
    const info = JSON.stringify({ apiVersion: str(exec, 'apiVersion'), kind: 'ExecCredential', spec: { interactive: false } });
    const run = spawnSync(cmd, args, { env: { ...process.env, ...extra, KUBERNETES_EXEC_INFO: info }, encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) throw new Error(`Kubeconfig exec plugin ${command} failed: ${(run.stderr || run.error?.message || '').trim()}`);
    const status = ((JSON.parse(run.stdout) as Entry).status ?? {}) as Entry;
    const result = { token: str(status, 'token'), cert: str(status, 'clientCertificateData'), key: str(status, 'clientKeyData') };
    const expiry = str(status, 'expirationTimestamp');
    cached = { result, expires: expiry ? Date.parse(expiry) - 10_000 : Number.POSITIVE_INFINITY };
    return result;
  };
}

/** Legacy auth providers (gcp, azure, oidc) stay client-node's job; it is imported only for them. */
function delegateToClientNode(file: string, server: string): KubeAccess {
  let loaded: Promise<KubeAccess> | undefined;
  return {
    getCurrentCluster: () => ({ server }),
    async applyToHTTPSOptions(opts) {
      loaded ??= import('@kubernetes/client-node').then(({ KubeConfig }) => {
        const kc = new KubeConfig();
        kc.loadFromFile(file);
        return kc;
      });
      await (await loaded).applyToHTTPSOptions(opts);
    },
  };
}
