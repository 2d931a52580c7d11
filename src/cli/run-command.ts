import { resolveRunConfig, runOptionsHelp } from '../config.js';
import { CliError, EXIT_USAGE } from './cli-io.js';
import type { Command } from './command.js';
import { formatInputErrors } from './format-errors.js';

export const runCommand: Command = {
  help: `Usage: istio-operator run [options]

Watches IstioOperator resources (and the objects they own) and keeps the cluster matching them:
renders, applies with server-side apply, prunes what is no longer rendered, waits for readiness and
reports it in status. Serves /healthz, /readyz and /metrics. Stops cleanly on SIGINT/SIGTERM.

Options:
${runOptionsHelp}
  -h, --help                   show this help
`,
  async run(args) {
    const config = resolveRunConfig(args);
    if (!config.ok) throw new CliError(formatInputErrors('invalid run options', config.errors), EXIT_USAGE);
    // Imported lazily: the operator's dependencies (client-node, pino) would slow every other command's start.
    const { runOperator } = await import('../main.js');
    return runOperator(config.value);
  },
};
