import type { PackCatalog } from '../packs/pack-catalog.js';
import type { CliIo } from './cli-io.js';

export interface CommandContext {
  io: CliIo;
  /** The version packs, loaded on first use, so `--help` and usage errors stay instant. */
  packs(): PackCatalog;
  /** Today's date (`YYYY-MM-DD`), for end-of-life warnings. */
  today(): string;
}

/** A command's behaviour; the words that select it and its summary live in commands.ts. */
export interface Command {
  help: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
