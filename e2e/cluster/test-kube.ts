// Helpers for integration/e2e test files (run inside vitest workers).
import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';
import type {} from './provided-context.js';

/** The kubeconfig the global setup provided (local control plane or E2E_USE_EXISTING_CLUSTER). */
export function getTestKubeconfigPath(): string {
  return inject('kubeconfig');
}

export function loadTestKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(getTestKubeconfigPath());
  return kc;
}

/** True when the suites run on the harness's own control plane (not an existing cluster). */
export function isLocalControlPlane(): boolean {
  return inject('clusterDir') !== '';
}

export function buildUniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates a uniquely named namespace; delete it with deleteTestNamespace in afterEach/afterAll. */
export async function createTestNamespace(kc: KubeConfig, prefix: string): Promise<string> {
  const name = buildUniqueName(prefix);
  await kc.makeApiClient(CoreV1Api).createNamespace({
    body: { metadata: { name, labels: { 'e2e.istio-operator.test/suite': prefix } } },
  });
  return name;
}

export async function deleteTestNamespace(kc: KubeConfig, name: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).deleteNamespace({ name }).catch(() => undefined);
}
