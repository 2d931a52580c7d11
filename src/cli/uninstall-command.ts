import { ComponentNames } from '../api/components.js';
import { formatRef } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { isAppliedByUs } from '../reconcile/prune-inventory.js';
import { pruneOrder } from '../pipeline/order-objects.js';
import type { OwnerKey } from '../reconcile/ports.js';
import { clusterOptions, clusterOptionsHelp, connectCluster, withClusterErrors } from './cluster-session.js';
import type { Command, CommandContext } from './command.js';
import { buildDefaultOwnerName, resolveOwnerName } from './install-target.js';
import type { ParsedArgs } from './parse-command-args.js';
import { parseCommandArgs } from './parse-command-args.js';
import { renderFromArgs, renderOptions, renderOptionsHelp } from './render-from-cli.js';

export const uninstallCommand: Command = {
  help: `Usage: istio-operator uninstall [-f FILE]... [--set PATH=VALUE]... | --name NAME --namespace NS [--purge]

Deletes every object this tool or the operator applied (field manager '${FIELD_MANAGER}') that is
labelled as owned by IstioOperator NS/NAME, in reverse apply order (webhooks
first, CRDs last). The owner is what 'install' used for the same inputs: NAME is the -f file's
metadata.name (without one: 'installed-state', or 'installed-state-REV' for revision REV), NS the
istio namespace they render to (values.global.istioNamespace, default istio-system); --name and
--namespace name it directly.
Namespaces are never deleted. The shared Base objects (the Istio CRDs and the reader account), which
every IstioOperator renders and none owns, are kept unless --purge: deleting a CRD deletes every custom
resource of that kind in the cluster, whoever created it. Prints each object it deleted.

Options:
${renderOptionsHelp}
      --name NAME        owner name (default: -f metadata.name, else installed-state[-REV])
      --namespace NS     owner namespace (default: the rendered istio namespace)
      --purge            also delete the shared Base objects (Istio CRDs, reader account) the inputs render
${clusterOptionsHelp}
  -h, --help             show this help
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('uninstall', args, {
      ...renderOptions,
      ...clusterOptions,
      name: { type: 'string' },
      namespace: { type: 'string' },
      purge: { type: 'boolean' },
    });
    const owner = resolveUninstallOwner(values, ctx);
    const session = await connectCluster(typeof values.kubeconfig === 'string' ? values.kubeconfig : undefined);
    const doomed = await withClusterErrors(session, async () => {
      // Labels alone prove nothing (every Istio installer writes them): only what we applied goes.
      const owned = (await session.port.listOwned(owner)).filter(isAppliedByUs);
      const shared = values.purge === true ? renderFromArgs(values, ctx).objects.filter((o) => o.metadata.labels?.[LabelKeys.component] === ComponentNames.base) : [];
      return pruneOrder([...owned, ...shared]);
    });
    const who = `IstioOperator ${owner.namespace}/${owner.name}`;
    if (doomed.length === 0) {
      ctx.io.stdout(`Nothing to uninstall: no object is owned by ${who}.\n`);
      return 0;
    }
    const { deleted } = await withClusterErrors(session, () => session.port.deleteObjects(doomed));
    const kept = values.purge === true ? 'namespaces' : 'the shared Base objects (use --purge to delete them) and namespaces';
    ctx.io.stdout(`${deleted.map((ref) => `deleted  ${formatRef(ref)}\n`).join('')}\nDeleted ${deleted.length} objects owned by ${who}. Kept ${kept}.\n`);
    return 0;
  },
};

function resolveUninstallOwner(values: ParsedArgs['values'], ctx: CommandContext): OwnerKey {
  if (typeof values.name === 'string' && typeof values.namespace === 'string') return { name: values.name, namespace: values.namespace };
  // Render only to learn what install would have used: the istio namespace and the revision.
  const rendered = renderFromArgs(values, ctx);
  return {
    name: typeof values.name === 'string' ? values.name : (resolveOwnerName(values, ctx) ?? buildDefaultOwnerName(rendered.revision)),
    namespace: typeof values.namespace === 'string' ? values.namespace : rendered.istioNamespace,
  };
}
