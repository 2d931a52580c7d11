import type { ClusterClient } from './cluster-client.js';

/**
 * Test cleanup: deletes an IstioOperator and waits for a running operator to finalize it; when none
 * does within `timeoutMs` (no leader left after a failed test), drops the finalizer so the namespace
 * can go. Never throws.
 */
export async function removeIstioOperator(cluster: ClusterClient, namespace: string, name: string, timeoutMs: number): Promise<void> {
  const ref = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', namespace, name };
  try {
    if (!(await cluster.getIstioOperator(namespace, name))) return;
    await cluster.delete(ref);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!(await cluster.getIstioOperator(namespace, name))) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    await cluster.clients.rest({
      method: 'PATCH',
      path: `/apis/install.istio.io/v1alpha1/namespaces/${namespace}/istiooperators/${name}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: null } },
    });
  } catch {
    // Best effort: the namespace deletion reports anything left.
  }
}
