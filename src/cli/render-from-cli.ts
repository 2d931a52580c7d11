import type { JsonObject } from '../api/json.js';
import { renderInstallation } from '../pipeline/render-installation.js';
import type { DesiredState, RenderRequest } from '../pipeline/types.js';
import { CliError } from './cli-io.js';
import type { CommandContext } from './command.js';
import { formatInputErrors } from './format-errors.js';
import { stringList, type ParsedArgs } from './parse-command-args.js';
import { readYamlDocuments } from './read-manifests.js';

/** Options shared by every command that renders an installation (like istioctl's -f/--set). */
export const renderOptions = {
  filename: { type: 'string', short: 'f', multiple: true },
  set: { type: 'string', short: 's', multiple: true },
  profile: { type: 'string' },
  revision: { type: 'string', short: 'r' },
  force: { type: 'boolean' },
  'istio-version': { type: 'string' },
} as const;

/** How a user names a release on the command line (the message about a tag that names none says it). */
export const ISTIO_VERSION_FLAG = '--istio-version';

export const renderOptionsHelp = `  -f, --filename FILE    IstioOperator file; repeat to merge several files in order
  -s, --set PATH=VALUE   override a spec field, istioctl syntax (values.global.proxy.privileged=true,
                         components.ingressGateways[0].k8s.replicaCount=2); repeatable
      --profile NAME     shorthand for --set profile=NAME
  -r, --revision REV     shorthand for --set revision=REV
      --force            as istioctl: report unknown or mistyped spec fields as warnings, leave them out
                         and render anyway (other errors still stop it)
      --istio-version X.Y.Z  the Istio release to render, like running that release's istioctl (default:
                         the release the tag names, else the newest: see 'istio-operator version')`;

/** Renders from parsed CLI options; input problems become one CliError listing every field at fault. */
export function renderFromArgs(values: ParsedArgs['values'], ctx: CommandContext): DesiredState {
  return renderRequest(buildRenderRequest(values, ctx), ctx);
}

/** The pipeline input the options describe: the -f documents, then the --set flags and shorthands. */
export function buildRenderRequest(values: ParsedArgs['values'], ctx: CommandContext): RenderRequest {
  const documents: JsonObject[] = stringList(values.filename).flatMap((file) => {
    const docs = readYamlDocuments(ctx.io, file);
    if (docs.length > 1) throw new CliError(`${file} holds ${docs.length} documents; one IstioOperator per file is supported`);
    return docs;
  });
  const setFlags = stringList(values.set);
  if (typeof values.profile === 'string') setFlags.unshift(`profile=${values.profile}`);
  if (typeof values.revision === 'string' && values.revision !== 'default') setFlags.push(`revision=${values.revision}`);
  const version = values['istio-version'];
  return {
    documents,
    setFlags,
    ...(values.force === true ? { force: true } : {}),
    ...(typeof version === 'string' ? { istioVersion: { version, path: ISTIO_VERSION_FLAG } } : {}),
  };
}

/** Renders a request; warnings go to stderr unless `quiet` (a second render of the same input). */
export function renderRequest(request: RenderRequest, ctx: CommandContext, quiet = false): DesiredState {
  const result = renderInstallation(request, ctx.packs(), { tagConflict: 'explicit-wins', explicitSpelling: ISTIO_VERSION_FLAG, today: ctx.today() });
  if (!result.ok) throw new CliError(formatInputErrors('the IstioOperator is invalid', result.errors));
  if (!quiet) for (const warning of result.value.warnings) ctx.io.stderr(`Warning: ${warning}\n`);
  return result.value;
}
