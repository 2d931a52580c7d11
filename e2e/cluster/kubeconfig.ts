import { readFile, writeFile } from 'node:fs/promises';
import { dump } from 'js-yaml';
import type { Pki } from './pki.js';

export const CONTEXT_NAME = 'istio-operator-e2e';

export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const b64 = (pem: string): string => Buffer.from(pem).toString('base64');

/** Self-contained kubeconfig (credentials embedded) so the file can be copied elsewhere. */
export function renderKubeconfig(input: KubeconfigInput): string {
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
    users: [{ name: 'e2e-admin', user: {
      'client-certificate-data': b64(input.certPem),
      'client-key-data': b64(input.keyPem),
    } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: 'e2e-admin' } }],
    'current-context': CONTEXT_NAME,
  });
}

export async function writeKubeconfig(path: string, server: string, pki: Pki): Promise<void> {
  const input: KubeconfigInput = {
    server,
    caPem: await readFile(pki.caCert, 'utf8'),
    certPem: await readFile(pki.adminCert, 'utf8'),
    keyPem: await readFile(pki.adminKey, 'utf8'),
  };
  await writeFile(path, renderKubeconfig(input), { mode: 0o600 });
}
