import path from 'node:path';
import { serializeByComponent, serializeManifest } from '../pipeline/serialize-manifest.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './parse-command-args.js';
import { renderFromArgs, renderOptions, renderOptionsHelp } from './render-from-cli.js';

export const manifestGenerate: Command = {
  help: `Usage: istio-operator manifest generate [options]

Renders the Kubernetes objects of an Istio installation from IstioOperator files and overrides, in
apply order, as multi-document YAML on stdout (or one file per component with -o). Needs no cluster.

Options:
${renderOptionsHelp}
  -o, --output DIR       write one file per component under DIR instead of printing
  -h, --help             show this help

Examples:
  istio-operator manifest generate --profile demo
  istio-operator manifest generate -f iop.yaml --set values.global.proxy.privileged=true -o out/
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('manifest generate', args, { ...renderOptions, output: { type: 'string', short: 'o' } });
    const state = renderFromArgs(values, ctx);
    if (typeof values.output === 'string') {
      const files = serializeByComponent(state.components);
      for (const [name, text] of files) ctx.io.writeFile(path.join(values.output, name), text);
      ctx.io.stderr(`Wrote ${state.objects.length} objects in ${files.size} files under ${values.output}\n`);
    } else {
      ctx.io.stdout(serializeManifest(state.objects));
    }
    return 0;
  },
};
