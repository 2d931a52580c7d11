import yaml from 'js-yaml';
import { IOP_API_VERSION, IOP_KIND } from '../api/istio-operator.js';
import { buildDesiredState } from '../pipeline/build-desired-state.js';
import { diffManifests, formatManifestDiff } from '../pipeline/diff-manifests.js';
import { listProfiles, resolveProfile } from '../pipeline/resolve-profile.js';
import type { AssetSet, DesiredState } from '../pipeline/types.js';
import { CliError, EXIT_USAGE } from './cli-io.js';
import type { Command } from './command.js';
import { formatInputErrors } from './format-errors.js';
import { parseCommandArgs } from './parse-command-args.js';

export const profileList: Command = {
  help: `Usage: istio-operator profile list

Lists the built-in configuration profiles. Every profile is layered over 'default'.
`,
  async run(args, ctx) {
    parseCommandArgs('profile list', args, {});
    ctx.io.stdout(`Istio configuration profiles:\n${listProfiles(ctx.assets().profiles).map((p) => `    ${p}\n`).join('')}`);
    return 0;
  },
};

export const profileDump: Command = {
  help: `Usage: istio-operator profile dump NAME

Prints the effective spec of profile NAME (the 'default' profile with NAME layered over it) as an
IstioOperator document, ready to edit and apply.
`,
  async run(args, ctx) {
    const { positionals } = parseCommandArgs('profile dump', args, {});
    const [name] = positionals;
    if (!name || positionals.length !== 1) throw new CliError('profile dump takes exactly one profile name', EXIT_USAGE);
    const spec = resolveProfile(ctx.assets().profiles, name);
    if (!spec.ok) throw new CliError(formatInputErrors(`cannot dump profile ${name}`, spec.errors));
    const doc = { apiVersion: IOP_API_VERSION, kind: IOP_KIND, metadata: { name }, spec: spec.value };
    ctx.io.stdout(yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: true }));
    return 0;
  },
};

export const profileDiff: Command = {
  help: `Usage: istio-operator profile diff A B

Renders profiles A and B and lists the objects only one of them installs and the fields that differ.
Exits 0 when they install the same objects and 1 when they differ.
`,
  async run(args, ctx) {
    const { positionals } = parseCommandArgs('profile diff', args, {});
    const [a, b] = positionals;
    if (!a || !b || positionals.length !== 2) throw new CliError('profile diff takes exactly two profile names', EXIT_USAGE);
    const diff = diffManifests(renderProfile(ctx.assets(), a).objects, renderProfile(ctx.assets(), b).objects);
    ctx.io.stdout(formatManifestDiff(diff, { a: `profile ${a}`, b: `profile ${b}` }));
    return diff.onlyInA.length + diff.onlyInB.length + diff.changed.length === 0 ? 0 : 1;
  },
};

function renderProfile(assets: AssetSet, name: string): DesiredState {
  const result = buildDesiredState({ documents: [], setFlags: [`profile=${name}`] }, assets);
  if (!result.ok) throw new CliError(formatInputErrors(`cannot render profile ${name}`, result.errors));
  return result.value;
}
