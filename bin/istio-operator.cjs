'use strict';
// The CLI in Node: bin/istio-operator (the command) runs it, and so do the image's ENTRYPOINT and every launcher
// of the operator process, which pass their Node flags. CommonJS: an ES module entry point alone adds ~15 ms
// to a cold start.
// `manifest generate` runs from the build's one-file bundle with V8's code cache (dist/bundle/cli.cjs, ADR 8),
// which starts in a fraction of the time; every other command, and a build without the bundle, runs the
// ES modules.
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');
if (process.argv[2] === 'manifest' && process.argv[3] === 'generate' && existsSync(bundle)) {
  require('../dist/bundle/load-cached-script.cjs').loadCachedScript(bundle);
} else {
  import('../dist/src/cli/main.js').catch((e) => {
    process.stderr.write(`Error: internal error: ${e.message}\n`);
    process.exitCode = 1;
  });
}
