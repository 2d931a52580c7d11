import { defineConfig } from 'vitest/config';

// Six tiers (see README): pure unit tests, parity with a real istioctl (objects; injection), integration tests against a real kube-apiserver,
// end-to-end tests that run the operator process, and the real istiod on its installation (last). The kube tiers share one local control plane,
// started once by the global setup (or an existing cluster when KUBECONFIG is set).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          globalSetup: ['e2e/support/report-node-version.ts'],
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/cluster/**/*.test.ts', 'e2e/parity/**/*.test.ts', 'e2e/injection/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.parity.test.ts', 'node_modules/**', 'dist/**'],
          // A file's first test pays for cold imports and template compiling: seconds when the 2 cores are busy.
          testTimeout: 20_000,
        },
      },
      {
        // Full-object comparison with a real istioctl 1.27.9, built from Go modules when missing.
        test: {
          name: 'parity',
          globalSetup: ['e2e/support/report-node-version.ts'],
          include: ['e2e/parity/**/*.parity.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 1_800_000,
        },
      },
      {
        // Our injector ConfigMap against istioctl 1.27.9's, through istio's own injection code (istioctl
        // kube-inject, template-runner); both are built from Go modules when missing, never skipped.
        test: {
          name: 'injection',
          globalSetup: ['e2e/support/report-node-version.ts'],
          include: ['e2e/injection/**/*.parity.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 1_800_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'e2e/**/*.int.test.ts'],
          globalSetup: ['e2e/support/report-node-version.ts', 'e2e/cluster/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          exclude: ['e2e/istiod/**', 'e2e/legacy/**', 'node_modules/**', 'dist/**'],
          globalSetup: ['e2e/support/report-node-version.ts', 'e2e/cluster/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // The real istiod of each release with a suite (pilot-discovery 1.27.9, 1.28.10, 1.31.0, built when
        // missing) on the operator's installation. It writes into every namespace (root-cert ConfigMaps) and
        // patches webhook configurations of its revision, so it runs after every other tier (groupOrder), never
        // beside them.
        test: {
          name: 'istiod',
          include: ['e2e/istiod/**/*.e2e.test.ts'],
          globalSetup: ['e2e/support/report-node-version.ts', 'e2e/cluster/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 2_700_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Istio's old installers (the 1.23.6 in-cluster operator, istioctl 1.23.6 and 1.27.9) install into
        // istio-system with cluster-wide webhooks, then this operator meets their installation. Last, alone.
        test: {
          name: 'legacy',
          include: ['e2e/legacy/**/*.e2e.test.ts'],
          globalSetup: ['e2e/support/report-node-version.ts', 'e2e/cluster/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
