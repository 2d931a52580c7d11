import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveRepoRoot } from '../cluster/paths.js';

export interface DemoPaths {
  dir: string;
  pidFile: string;
  /** The port the running demo operator serves /readyz and /metrics on (chosen free at its start). */
  portFile: string;
  log: string;
}

/** Where the demo keeps its operator process: beside the cluster state, ignored by git (DEMO_STATE_DIR moves it). */
export function resolveDemoPaths(env: NodeJS.ProcessEnv = process.env): DemoPaths {
  const dir = env.DEMO_STATE_DIR || path.join(resolveRepoRoot(), '.e2e', 'demo');
  return { dir, pidFile: path.join(dir, 'operator.pid'), portFile: path.join(dir, 'operator.port'), log: path.join(dir, 'operator.log') };
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

export function readOperatorPort(portFile: string): number | undefined {
  try {
    const port = Number(readFileSync(portFile, 'utf8').trim());
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of the operator's log, for a failure message that shows why it stopped. */
export function readLogTail(log: string, lines = 15): string {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}
