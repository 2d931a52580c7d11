import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { resolveRepoRoot } from '../cluster/paths.js';

export interface IstioBinaries {
  pilotDiscovery: string;
  istioctl: string;
}

/**
 * Builds istioctl and pilot-discovery of an Istio release into the tools cache when missing (one after the
 * other: they share a module cache and a build cache) and returns their paths. Throws when a build fails:
 * the real-istiod tier never skips.
 */
export function ensureIstioBinaries(release: string, report: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): IstioBinaries {
  const root = resolveRepoRoot();
  const run = (script: string, ...args: string[]): string => {
    report(`[istio-binaries] ${script} ${args.join(' ')}`);
    const out = execFileSync('bash', [path.join(root, script), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').pop() ?? '';
  };
  // 1.27.9 has its own wrapper module; the other releases' recipes share one script.
  if (release === '1.27.9') return { istioctl: run('e2e/parity/build-istioctl.sh'), pilotDiscovery: run('e2e/parity/build-pilot-discovery.sh') };
  return { istioctl: run('e2e/tools/build-istio-release.sh', release, 'istioctl'), pilotDiscovery: run('e2e/tools/build-istio-release.sh', release, 'pilot-discovery') };
}
