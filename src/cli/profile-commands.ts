import yaml from 'js-yaml';
import { IOP_API_VERSION, IOP_KIND } from '../api/istio-operator.js';
import { selectIstioVersion } from '../packs/select-istio-version.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import { diffManifests, formatManifestDiff } from '../pipeline/diff-manifests.js';
import { listProfiles, resolveProfile } from '../pipeline/resolve-profile.js';
import type { AssetSet, DesiredState } from '../pipeline/types.js';
import { CliError, EXIT_USAGE, withDiffExitCodes } from './cli-io.js';
import type { Command, CommandContext } from './command.js';
import { formatInputErrors } from './format-errors.js';
import { parseCommandArgs, type ParsedArgs } from './parse-command-args.js';
import { ISTIO_VERSION_FLAG } from './render-from-cli.js';

const versionOption = { 'istio-version': { type: 'string' } } as const;
const versionHelp = `      --istio-version X.Y.Z  the release whose profiles to use (default: the newest)`;

export const profileList: Command = {
  help: `Usage: istio-operator profile list [--istio-version X.Y.Z]

Lists the built-in configuration profiles. Every profile is layered over 'default'.

${versionHelp}
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('profile list', args, versionOption);
    ctx.io.stdout(`Istio configuration profiles:\n${listProfiles(packOf(values, ctx).profiles).map((p) => `    ${p}\n`).join('')}`);
    return 0;
  },
};

export const profileDump: Command = {
  help: `Usage: istio-operator profile dump NAME [--istio-version X.Y.Z]

Prints the effective spec of profile NAME (the 'default' profile with NAME layered over it) as an
IstioOperator document, ready to edit and apply.

${versionHelp}
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('profile dump', args, versionOption);
    const [name] = positionals;
    if (!name || positionals.length !== 1) throw new CliError('profile dump takes exactly one profile name', EXIT_USAGE);
    const spec = resolveProfile(packOf(values, ctx).profiles, name);
    if (!spec.ok) throw new CliError(formatInputErrors(`cannot dump profile ${name}`, spec.errors));
    const doc = { apiVersion: IOP_API_VERSION, kind: IOP_KIND, metadata: { name }, spec: spec.value };
    ctx.io.stdout(yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: true }));
    return 0;
  },
};

export const profileDiff: Command = {
  help: `Usage: istio-operator profile diff A B [--istio-version X.Y.Z]

Renders profiles A and B and lists the objects only one of them installs and the fields that differ.
Exits 0 when they install the same objects, 1 when they differ, and 2 on an error (an unknown profile).

${versionHelp}
`,
  run: withDiffExitCodes(async (args, ctx) => {
    const { values, positionals } = parseCommandArgs('profile diff', args, versionOption);
    const [a, b] = positionals;
    if (!a || !b || positionals.length !== 2) throw new CliError('profile diff takes exactly two profile names', EXIT_USAGE);
    const assets = packOf(values, ctx);
    const diff = diffManifests(renderProfile(assets, a).objects, renderProfile(assets, b).objects);
    ctx.io.stdout(formatManifestDiff(diff, { a: `profile ${a}`, b: `profile ${b}` }));
    return diff.onlyInA.length + diff.onlyInB.length + diff.changed.length === 0 ? 0 : 1;
  }),
};

/** The pack `--istio-version` names, else the newest. */
function packOf(values: ParsedArgs['values'], ctx: CommandContext): AssetSet {
  const catalog = ctx.packs();
  const named = values['istio-version'];
  if (typeof named !== 'string') return catalog.load(catalog.defaultVersion);
  const choice = selectIstioVersion({ explicit: { version: named, path: ISTIO_VERSION_FLAG }, tagConflict: 'explicit-wins' }, catalog.packs, ISTIO_VERSION_FLAG);
  if (!choice.ok) throw new CliError(formatInputErrors('cannot choose the Istio release', choice.errors), EXIT_USAGE);
  return catalog.load(choice.value.version);
}

function renderProfile(assets: AssetSet, name: string): DesiredState {
  const result = buildDesiredState({ documents: [], setFlags: [`profile=${name}`] }, assets);
  if (!result.ok) throw new CliError(formatInputErrors(`cannot render profile ${name}`, result.errors));
  return result.value;
}
