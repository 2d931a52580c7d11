import { isJsonObject } from '../api/json.js';
import type { DesiredState } from '../pipeline/types.js';
import type { OwnerKey } from '../reconcile/ports.js';
import type { CommandContext } from './command.js';
import { stringList, type ParsedArgs } from './parse-command-args.js';
import { readYamlDocuments } from './read-manifests.js';
import { buildRenderRequest, renderRequest } from './render-from-cli.js';

/** istioctl's name for an installation whose IstioOperator has no metadata.name. */
export const DEFAULT_OWNER_NAME = 'installed-state';

/**
 * Without a metadata.name, a revision gets its own owner name: a canary install must not prune the
 * default revision's objects as "no longer rendered".
 */
export function buildDefaultOwnerName(revision: string): string {
  return revision === '' ? DEFAULT_OWNER_NAME : `${DEFAULT_OWNER_NAME}-${revision}`;
}

export interface InstallTarget {
  desired: DesiredState;
  owner: OwnerKey;
}

/**
 * Renders like `manifest generate`, owned by IstioOperator `<istio namespace>/<metadata.name>`: the
 * labels the controller puts on what a CR of that name owns, so an operator can later adopt the
 * installation and uninstall/prune can find it. The owner's namespace is the rendered istio namespace,
 * so a first render learns it (about 10 ms) and the second renders with the owner.
 */
export function renderInstallTarget(values: ParsedArgs['values'], ctx: CommandContext): InstallTarget {
  const request = buildRenderRequest(values, ctx);
  const probe = renderRequest(request, ctx);
  const owner = { name: resolveOwnerName(values, ctx) ?? buildDefaultOwnerName(probe.revision), namespace: probe.istioNamespace };
  return { desired: renderRequest({ ...request, owner }, ctx, true), owner };
}

/** metadata.name of the last -f file that sets one (later files win, as for the spec). */
export function resolveOwnerName(values: ParsedArgs['values'], ctx: CommandContext): string | undefined {
  let name: string | undefined;
  for (const file of stringList(values.filename)) {
    for (const doc of readYamlDocuments(ctx.io, file)) {
      const given = isJsonObject(doc.metadata) ? doc.metadata.name : undefined;
      if (typeof given === 'string' && given !== '') name = given;
    }
  }
  return name;
}
