import type { PackInfo } from '../packs/pack-info.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './parse-command-args.js';

export const versionCommand: Command = {
  help: `Usage: istio-operator version

Lists the Istio releases this build can install (its version packs), newest first, with their end of
life. A new installation gets the newest unless its tag or --istio-version names another.
`,
  async run(args, ctx) {
    parseCommandArgs('version', args, {});
    const catalog = ctx.packs();
    const today = ctx.today();
    ctx.io.stdout(`Istio releases:\n${formatPackList(catalog.packs, catalog.defaultVersion, today)}`);
    return 0;
  },
};

/** One line per pack, newest first. Pure. */
export function formatPackList(packs: readonly PackInfo[], defaultVersion: string, today: string): string {
  return [...packs]
    .reverse()
    .map((p) => {
      const state = today >= p.endOfLife ? `end of life since ${p.endOfLife}` : `supported until ${p.endOfLife}`;
      const notes = [state, `Kubernetes ${p.minKubernetes}+`, ...(p.version === defaultVersion ? ['default'] : [])];
      return `    ${p.version}  (${notes.join(', ')})\n`;
    })
    .join('');
}
