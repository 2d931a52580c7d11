import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { resolveRepoRoot } from '../cluster/paths.js';

export interface IstioBinaries {
  pilotDiscovery: string;
  istioctl: string;
}

/**
 * Builds istioctl and pilot-discovery 1.27.9 into the tools cache when missing (one after the other:
 * they share a module cache and a build cache) and returns their paths. Throws when a build fails:
 * the real-istiod tier never skips.
 */
export function ensureIstioBinaries(report: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): IstioBinaries {
  const dir = path.join(resolveRepoRoot(), 'e2e', 'parity');
  const run = (script: string): string => {
    report(`[istio-binaries] ${script}`);
    const out = execFileSync('bash', [path.join(dir, script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').pop() ?? '';
  };
  return { istioctl: run('build-istioctl.sh'), pilotDiscovery: run('build-pilot-discovery.sh') };
}
