import type { Command } from './command.js';
import { installCommand } from './install-command.js';
import { manifestDiff } from './manifest-diff.js';
import { manifestGenerate } from './manifest-generate.js';
import { profileDiff, profileDump, profileList } from './profile-commands.js';
import { runCommand } from './run-command.js';
import { uninstallCommand } from './uninstall-command.js';
import { verifyCommand } from './verify-command.js';

/** Every CLI command; `main.ts` dispatches on their `path`. */
export const commands: Command[] = [
  manifestGenerate,
  manifestDiff,
  profileList,
  profileDump,
  profileDiff,
  installCommand,
  verifyCommand,
  uninstallCommand,
  runCommand,
];
