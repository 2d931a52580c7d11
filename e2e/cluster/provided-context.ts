// Values the global setup hands to test files through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the kubeconfig every integration/e2e test must use. */
    kubeconfig: string;
    /** State dir of the local control plane, or '' when the suites run against an existing cluster. */
    clusterDir: string;
  }
}

export const ENV = {
  useExisting: 'E2E_USE_EXISTING_CLUSTER',
  keep: 'E2E_KEEP_CLUSTER',
} as const;
