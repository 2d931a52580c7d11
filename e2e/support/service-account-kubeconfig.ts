import { readFileSync, writeFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import type { KubeClients } from '../../src/kube/kube-client.js';

/** A bearer token for a ServiceAccount from the TokenRequest API (what the kubelet mounts into a pod). */
export async function requestServiceAccountToken(clients: KubeClients, namespace: string, serviceAccount: string, expirationSeconds = 3600): Promise<string> {
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } };
  const res = (await clients.rest({ method: 'POST', path: `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`, body })) as { status?: { token?: string } };
  const token = res.status?.token;
  if (!token) throw new Error(`TokenRequest for ${namespace}/${serviceAccount} returned no token`);
  return token;
}

/** Writes a kubeconfig for `token` against the admin kubeconfig's current server and CA. */
export function writeTokenKubeconfig(admin: KubeConfig, token: string, user: string, file: string): void {
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error('admin kubeconfig has no current cluster');
  const ca = cluster.caData ?? (cluster.caFile ? readFileSync(cluster.caFile).toString('base64') : undefined);
  const clusterEntry = { server: cluster.server, ...(ca ? { 'certificate-authority-data': ca } : {}), ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}) };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'e2e', cluster: clusterEntry }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: 'e2e', user } }],
    'current-context': user,
  };
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
}
