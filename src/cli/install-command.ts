import { formatRef, identityOf, type KubeObject } from '../api/kube-object.js';
import { computeObjectDrift } from '../kube/verify-objects.js';
import { FIELD_MANAGER } from '../api/labels.js';
import { assessInstallation, buildNamespaces, checkOwnership, convergeInstallation, planPrune, type TakeoverPermission } from '../reconcile/converge-installation.js';
import { formatTakeoverPlan } from '../reconcile/plan-takeover.js';
import { parseDurationSeconds } from './parse-duration.js';
import { CliError, EXIT_USAGE } from './cli-io.js';
import { clusterOptions, clusterOptionsHelp, connectCluster, withClusterErrors, type ClusterSession } from './cluster-session.js';
import type { Command } from './command.js';
import { buildInstallPlan, formatInstallPlan } from './install-plan.js';
import { renderInstallTarget, type InstallTarget } from './install-target.js';
import { parseCommandArgs } from './parse-command-args.js';
import { createProgress, formatComponentTable, formatReason, isTerminal, type Progress } from './progress.js';
import { renderOptions, renderOptionsHelp } from './render-from-cli.js';
import { waitForReady, WaitResults } from './wait-for-ready.js';

const DEFAULT_TIMEOUT_S = 300;

export const installCommand: Command = {
  help: `Usage: istio-operator install [options]

Renders the installation (same inputs as 'manifest generate'), server-side applies it with field
manager '${FIELD_MANAGER}', prunes what an earlier install of the same IstioOperator rendered but this
one does not, and waits until every component is ready. Objects are labelled as owned by IstioOperator
<istio namespace>/<metadata.name> (without a name: 'installed-state', or 'installed-state-REV' for
revision REV), exactly as the operator labels what a CR of that name owns. Objects owned by another
IstioOperator are never taken over. Objects another installer made (istioctl, Istio's old operator,
Helm) stop the install with a plan of what a takeover would change; --adopt takes them over as
planned, deleting none of them. Progress goes to stderr, a summary table to stdout.
Exit codes: 0 ready, 1 not ready within --timeout (or any error), 2 usage error.

Options:
${renderOptionsHelp}
${clusterOptionsHelp}
      --timeout DURATION how long to wait for readiness: 90s, 5m, 1h, or seconds (default ${DEFAULT_TIMEOUT_S})
      --skip-wait        apply and prune, report readiness once, do not wait
      --adopt            take over objects another installer made (printed as a plan first)
      --allow-version-skip  with --adopt: accept an in-place Istio version change that upstream's
                         policy does not allow (one minor at a time)
      --dry-run          print what would be created, configured and pruned; write nothing. The plan
                         compares the rendered objects with live reads (the same check install uses to
                         skip unchanged objects); no request is sent to the API server's dry-run mode,
                         so admission errors only show up on a real install
  -h, --help             show this help

Examples:
  istio-operator install --profile minimal
  istio-operator install -f iop.yaml --set values.global.proxy.privileged=true --timeout 600
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('install', args, {
      ...renderOptions,
      ...clusterOptions,
      timeout: { type: 'string' },
      'skip-wait': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      adopt: { type: 'boolean' },
      'allow-version-skip': { type: 'boolean' },
    });
    const takeover = buildCliTakeover(values.adopt === true, values['allow-version-skip'] === true);
    const timeoutMs = parseTimeout(values.timeout) * 1000;
    const target = renderInstallTarget(values, ctx);
    const session = await connectCluster(typeof values.kubeconfig === 'string' ? values.kubeconfig : undefined);
    const progress = createProgress(ctx.io, isTerminal(ctx.io));
    if (values['dry-run'] === true) {
      ctx.io.stdout(formatInstallPlan(await withClusterErrors(session, () => planInstall(target, session, takeover))));
      return 0;
    }
    const { desired, owner } = target;
    progress.done(`Rendered ${desired.objects.length} objects for IstioOperator ${owner.namespace}/${owner.name} (${session.server})`);
    await withClusterErrors(session, () =>
      convergeInstallation(desired, owner, session.port, {
        onTakeover: (plan) => progress.done(`Taking over: ${formatTakeoverPlan(plan)}`),
        onApplied: (a) => progress.done(`Applied ${desired.objects.length} objects: ${a.created.length} created, ${a.configured.length} configured, ${a.unchanged} unchanged`),
        onPruned: (p) => progress.done(`Pruned ${p.deleted.length} objects no longer rendered: ${p.deleted.map(formatRef).join(', ')}`),
      }, { takeover }),
    );
    const assess = () => withClusterErrors(session, () => assessInstallation(desired, session.port));
    if (values['skip-wait'] === true) {
      const components = await assess();
      progress.readiness(components);
      ctx.io.stdout(formatComponentTable(components));
      return 0;
    }
    return reportWait(await waitForReady(assess, (c) => progress.readiness(c), { timeoutMs }), ctx.io.stdout, progress, timeoutMs);
  },
};

function reportWait(outcome: Awaited<ReturnType<typeof waitForReady>>, stdout: (text: string) => void, progress: Progress, timeoutMs: number): number {
  stdout(formatComponentTable(outcome.components));
  if (outcome.result === WaitResults.ready) {
    progress.done(`Installation complete in ${Math.round(outcome.waitedMs / 1000)}s`);
    return 0;
  }
  const pending = outcome.components.filter((c) => !c.ready);
  const detail = pending.map((c) => `${c.component} (${c.reasons.map(formatReason).join('; ')})`).join(', ');
  const why = outcome.result === WaitResults.failed ? 'the rollout failed for' : `timed out after ${Math.round(timeoutMs / 1000)}s waiting for`;
  throw new CliError(`${why} ${detail}`);
}

/** Dry run: the same reads as a real install (live objects, owned objects), no writes at all. */
async function planInstall({ desired, owner }: InstallTarget, session: ClusterSession, takeover: TakeoverPermission): Promise<ReturnType<typeof buildInstallPlan>> {
  const { live } = await checkOwnership(desired, owner, session.port, { takeover });
  const namespaces = buildNamespaces(desired).map((name): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const liveNamespaces = await session.port.readLive(namespaces);
  const missing = namespaces.filter((ns) => liveNamespaces.get(identityOf(ns)) === undefined).map((ns) => ns.metadata.name);
  // The same decision a real install makes: only what we applied and still own, on a fresh read.
  const prunable = (await planPrune(desired, owner, session.port)).delete;
  return buildInstallPlan(missing, computeObjectDrift(desired.objects, live), prunable);
}

function buildCliTakeover(adopt: boolean, allowVersionSkip: boolean): TakeoverPermission {
  return {
    allowed: adopt,
    advice: 'Nothing was changed; re-run with --adopt to take it over as planned',
    allowVersionSkip,
    versionSkipAdvice: 'Nothing was changed; install a release upstream allows, or add --allow-version-skip to accept the jump',
  };
}

function parseTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_S;
  const seconds = typeof value === 'string' ? parseDurationSeconds(value) : undefined;
  if (seconds === undefined) throw new CliError(`install: --timeout takes a duration (90s, 5m, 1h) or a number of seconds, got '${String(value)}'`, EXIT_USAGE);
  return seconds;
}
