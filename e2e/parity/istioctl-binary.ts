import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/assets/load-assets.js';

/**
 * Builds the istioctl of an Istio release into the tools cache when it is missing (a few minutes cold),
 * checks its version and returns its path. 1.27.9 has its own wrapper module (build-istioctl.sh); the
 * other releases' recipes are in e2e/tools/build-istio-release.sh. Throws when it cannot: the parity suite
 * fails, never skips.
 */
export function ensureIstioctl(version: string): string {
  const script = version === '1.27.9' ? path.join(packageRoot(), 'e2e', 'parity', 'build-istioctl.sh') : path.join(packageRoot(), 'e2e', 'tools', 'build-istio-release.sh');
  const args = version === '1.27.9' ? [script] : [script, version, 'istioctl'];
  const out = execFileSync('bash', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const binary = out.trim().split('\n').pop() ?? '';
  if (binary === '') throw new Error(`${script} printed no binary path`);
  const printed = execFileSync(binary, ['version', '--remote=false', '--short'], { encoding: 'utf8' }).trim();
  const reported = printed.replace(/^client version:\s*/, '');
  if (reported !== version) throw new Error(`${binary} reports version ${reported}, want ${version}`);
  return binary;
}
