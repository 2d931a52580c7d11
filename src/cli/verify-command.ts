import { formatRef, identityOf, refOf } from '../api/kube-object.js';
import { computeObjectDrift, ObjectStates, type ObjectDrift } from '../kube/verify-objects.js';
import { assessComponents, type ComponentReadiness } from '../reconcile/assess-readiness.js';
import { clusterOptions, clusterOptionsHelp, connectCluster, withClusterErrors } from './cluster-session.js';
import type { Command } from './command.js';
import { renderInstallTarget } from './install-target.js';
import { parseCommandArgs } from './parse-command-args.js';
import { formatComponentTable, formatReason } from './progress.js';
import { renderOptions, renderOptionsHelp } from './render-from-cli.js';

export const verifyCommand: Command = {
  help: `Usage: istio-operator verify [options]

Renders the installation (same inputs as 'install') and compares it with the cluster: objects that
are missing, objects whose applied fields differ from the rendering (the same check install uses to
skip unchanged objects, so 'differs' means install would write it), and objects that are not ready.
CRDs are shared by every installation, so their ownership labels may name any IstioOperator.
Writes nothing. Exit codes: 0 everything matches and is ready, 1 otherwise, 2 usage error.

Options:
${renderOptionsHelp}
${clusterOptionsHelp}
  -h, --help             show this help
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('verify', args, { ...renderOptions, ...clusterOptions });
    const { desired, owner } = renderInstallTarget(values, ctx);
    const session = await connectCluster(typeof values.kubeconfig === 'string' ? values.kubeconfig : undefined);
    const live = await withClusterErrors(session, () => session.port.readLive(desired.objects));
    const drift = computeObjectDrift(desired.objects, live);
    const observe = (presentOnly: boolean) =>
      assessComponents(
        desired.components.map((c) => ({
          component: c.component,
          objects: c.objects.map((o) => ({ ref: refOf(o), live: live.get(identityOf(o)) })).filter((o) => !presentOnly || o.live !== undefined),
        })),
      );
    // The table counts every object (a missing one makes its component not ready); the "not ready"
    // section looks at present objects only, so a missing object is reported once, as missing.
    const report = formatVerifyReport(drift, observe(true), observe(false));
    const header = `Verified ${desired.objects.length} objects of IstioOperator ${owner.namespace}/${owner.name} against ${session.server}\n\n`;
    ctx.io.stdout(header + report.text);
    return report.problems === 0 ? 0 : 1;
  },
};

/** Sections for each kind of problem (only those that occur), then the component table and a verdict. */
export function formatVerifyReport(
  drift: readonly ObjectDrift[],
  present: readonly ComponentReadiness[],
  all: readonly ComponentReadiness[],
): { text: string; problems: number } {
  const missing = drift.filter((d) => d.state === ObjectStates.missing);
  const differing = drift.filter((d) => d.state === ObjectStates.drifted);
  const notReady = present.flatMap((c) => c.reasons.map((r) => `${c.component}: ${formatReason(r)}`));
  const section = (title: string, lines: string[]): string => (lines.length === 0 ? '' : `${title} (${lines.length}):\n${lines.map((l) => `  ${l}\n`).join('')}\n`);
  const problems = missing.length + differing.length + notReady.length;
  const text =
    section('Missing from the cluster', missing.map((d) => formatRef(d.ref))) +
    section('Differs from the rendering', differing.map((d) => `${formatRef(d.ref)}: ${d.path ?? ''}`)) +
    section('Not ready', notReady) +
    formatComponentTable(all) +
    (problems === 0 ? '\nOK: every object matches the rendering and every component is ready.\n' : `\nFAILED: ${problems} problem(s) found.\n`);
  return { text, problems };
}
