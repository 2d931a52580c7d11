import { diffManifests, formatManifestDiff } from '../pipeline/diff-manifests.js';
import { CliError, EXIT_USAGE, withDiffExitCodes } from './cli-io.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './parse-command-args.js';
import { readManifest } from './read-manifests.js';

export const manifestDiff: Command = {
  help: `Usage: istio-operator manifest diff A.yaml B.yaml

Compares two multi-document manifests (for example two 'manifest generate' outputs) object by object,
keyed by group, kind, namespace and name, and lists objects only in A, only in B, and changed fields.
Exits 0 when they are equivalent, 1 when they differ, and 2 on an error (a missing or unreadable file).

Options:
  -h, --help   show this help
`,
  run: withDiffExitCodes(async (args, ctx) => {
    const { positionals } = parseCommandArgs('manifest diff', args, {});
    const [a, b] = positionals;
    if (!a || !b || positionals.length !== 2) throw new CliError('manifest diff takes exactly two files', EXIT_USAGE);
    const diff = diffManifests(readManifest(ctx.io, a), readManifest(ctx.io, b));
    ctx.io.stdout(formatManifestDiff(diff, { a, b }));
    return diff.onlyInA.length + diff.onlyInB.length + diff.changed.length === 0 ? 0 : 1;
  }),
};
