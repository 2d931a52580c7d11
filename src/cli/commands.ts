import type { Command } from './command.js';

/**
 * Every CLI command: the words that select it, its one-line summary, and its module. A module (and what it
 * imports: the kube client, the reconciler) is loaded only when its command runs, so `manifest generate`
 * starts without them. bin/istio-operator starts the `manifest` and `profile` commands without
 * NODE_EXTRA_CA_CERTS (ADR 9): a command under those words must never open a connection.
 */
export interface CommandEntry {
  path: string[];
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    path: ['manifest', 'generate'],
    summary: 'Render the manifests of an installation (no cluster needed)',
    load: async () => (await import('./manifest-generate.js')).manifestGenerate,
  },
  {
    path: ['manifest', 'diff'],
    summary: 'Compare two rendered manifests object by object',
    load: async () => (await import('./manifest-diff.js')).manifestDiff,
  },
  {
    path: ['profile', 'list'],
    summary: 'List the built-in profiles',
    load: async () => (await import('./profile-commands.js')).profileList,
  },
  {
    path: ['profile', 'dump'],
    summary: 'Print a profile, layered over default, as an IstioOperator',
    load: async () => (await import('./profile-commands.js')).profileDump,
  },
  {
    path: ['profile', 'diff'],
    summary: 'Compare what two profiles install, object by object',
    load: async () => (await import('./profile-commands.js')).profileDiff,
  },
  {
    path: ['version'],
    summary: 'List the Istio releases this build can install',
    load: async () => (await import('./version-command.js')).versionCommand,
  },
  {
    path: ['install'],
    summary: 'Install Istio into a cluster without the operator (like istioctl install)',
    load: async () => (await import('./install-command.js')).installCommand,
  },
  {
    path: ['verify'],
    summary: 'Check that a cluster holds an installation as rendered, and that it is ready',
    load: async () => (await import('./verify-command.js')).verifyCommand,
  },
  {
    path: ['uninstall'],
    summary: 'Delete everything an install (or an IstioOperator) owns',
    load: async () => (await import('./uninstall-command.js')).uninstallCommand,
  },
  {
    path: ['run'],
    summary: 'Run the operator: reconcile IstioOperator resources in a cluster',
    load: async () => (await import('./run-command.js')).runCommand,
  },
];
