// `npm run demo:down`: stops the demo's operator process, then the local control plane.
import { rmSync } from 'node:fs';
import { stopCluster } from '../cluster/cluster.js';
import { withStateLock } from '../cluster/lock.js';
import { resolveClusterPaths } from '../cluster/paths.js';
import { readOperatorPid, resolveDemoPaths } from './demo-state.js';

async function main(): Promise<void> {
  const demo = resolveDemoPaths();
  const pid = readOperatorPid(demo.pidFile);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && readOperatorPid(demo.pidFile) !== undefined; i++) await new Promise((r) => setTimeout(r, 100));
    process.stderr.write(`[demo] Stopped the operator (pid ${pid})\n`);
  }
  rmSync(demo.dir, { recursive: true, force: true });
  const paths = resolveClusterPaths();
  await withStateLock(paths.state, (line) => process.stderr.write(`[cluster] ${line}\n`), () => stopCluster(paths));
  process.stderr.write('[demo] Stopped the local control plane; everything is cleaned up.\n');
}

main().catch((e: Error) => {
  process.stderr.write(`[demo] ${e.message}\n`);
  process.exitCode = 1;
});
