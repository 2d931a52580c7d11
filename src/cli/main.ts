import { loadBuiltCatalog } from '../assets/load-built-assets.js';
import type { PackCatalog } from '../packs/pack-catalog.js';
import { CliError, EXIT_USAGE, flushProcessIo, processIo, type CliIo } from './cli-io.js';
import type { CommandContext } from './command.js';
import { commands, type CommandEntry } from './commands.js';

/**
 * Finds the command named by the leading words of argv and runs it. Every failure ends here: a
 * CliError prints its message, anything else prints a one-line internal error; never a stack trace
 * unless ISTIO_OPERATOR_DEBUG is set.
 */
export async function runCli(argv: string[], io: CliIo, packs?: () => PackCatalog, today?: string): Promise<number> {
  let cached: PackCatalog | undefined;
  const ctx: CommandContext = {
    io,
    packs: packs ?? (() => (cached ??= loadBuiltCatalog())),
    today: () => today ?? new Date().toISOString().slice(0, 10),
  };
  try {
    // `help CMD` is `CMD --help`.
    if (argv[0] === 'help' && argv.length > 1) return await runCli([...argv.slice(1), '--help'], io, packs, today);
    const match = findCommand(argv);
    if (!match) {
      const wantsHelp = argv.length === 0 || argv.some((a) => a === '--help' || a === '-h' || a === 'help');
      if (wantsHelp) {
        io.stdout(topLevelHelp(argv));
        return 0;
      }
      const guess = suggestCommand(argv);
      throw new CliError(`unknown command '${argv.join(' ')}'.${guess ? ` Did you mean '${guess}'?` : ''}\n\n${topLevelHelp(argv)}`, EXIT_USAGE);
    }
    const command = await match.load();
    const rest = argv.slice(match.path.length);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help);
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`Error: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`Error: internal error: ${(e as Error).message}\n`);
    if (process.env.ISTIO_OPERATOR_DEBUG) io.stderr(`${(e as Error).stack ?? ''}\n`);
    return 1;
  }
}

/** The command a mistyped one most likely meant: the words typed so far, at most two edits off. */
function suggestCommand(argv: readonly string[]): string | undefined {
  let best: { path: string; distance: number } | undefined;
  for (const c of commands) {
    const typed = argv.slice(0, c.path.length).join(' ');
    const path = c.path.join(' ');
    const distance = editDistance(typed, path);
    if (distance <= 2 && (!best || distance < best.distance)) best = { path, distance };
  }
  return best?.path;
}

/** Levenshtein distance, for command suggestions (short words only). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function findCommand(argv: string[]): CommandEntry | undefined {
  return commands.find((c) => c.path.every((word, i) => argv[i] === word));
}

function topLevelHelp(argv: string[]): string {
  const group = argv[0];
  const shown = commands.filter((c) => !group || c.path[0] === group || !commands.some((x) => x.path[0] === group));
  const width = Math.max(...shown.map((c) => c.path.join(' ').length));
  return `Usage: istio-operator COMMAND [options]

Commands:
${shown.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n')}

Run 'istio-operator COMMAND --help' for a command's options.
`;
}

const isEntryPoint = process.argv[1] !== undefined && /istio-operator\.cjs$|cli[/\\]main\.js$/.test(process.argv[1]);
/** Exits once the output has left: exiting at once could cut off output a stream still queues. */
function exitWhenFlushed(code: number): void {
  void flushProcessIo().then(() => process.exit(code));
}

if (isEntryPoint) {
  runCli(process.argv.slice(2), processIo).then(exitWhenFlushed, () => exitWhenFlushed(1));
}
