import type { AssetSet } from '../pipeline/types.js';
import type { CliIo } from './cli-io.js';

export interface CommandContext {
  io: CliIo;
  /** Loaded on first use, so `--help` and usage errors stay instant. */
  assets(): AssetSet;
}

/** A command's behaviour; the words that select it and its summary live in commands.ts. */
export interface Command {
  help: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
