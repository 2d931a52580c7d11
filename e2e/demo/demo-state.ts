import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveRepoRoot } from '../cluster/paths.js';

/** Where the demo keeps its operator process: beside the cluster state, ignored by git. */
export function resolveDemoPaths(): { dir: string; pidFile: string; log: string; port: number } {
  const dir = path.join(resolveRepoRoot(), '.e2e', 'demo');
  return { dir, pidFile: path.join(dir, 'operator.pid'), log: path.join(dir, 'operator.log'), port: Number(process.env.DEMO_OPERATOR_PORT ?? 18080) };
}

/** The pid in the file, if that process is still an istio-operator (never a recycled pid). */
export function readOperatorPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('istio-operator') ? pid : undefined;
  } catch {
    return undefined;
  }
}
