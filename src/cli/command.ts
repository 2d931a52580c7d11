import type { AssetSet } from '../pipeline/types.js';
import type { CliIo } from './cli-io.js';

export interface CommandContext {
  io: CliIo;
  /** Loaded on first use, so `--help` and usage errors stay instant. */
  assets(): AssetSet;
}

export interface Command {
  /** Words that select the command, e.g. ['manifest', 'generate']. */
  path: string[];
  summary: string;
  help: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
