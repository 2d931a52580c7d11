import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/assets/load-assets.js';

export const ISTIOCTL_VERSION = '1.27.9';

/**
 * Builds istioctl 1.27.9 into the tools cache when it is missing (build-istioctl.sh, a few minutes cold),
 * checks its version and returns its path. Throws when it cannot: the parity suite fails, never skips.
 */
export function ensureIstioctl(): string {
  const script = path.join(packageRoot(), 'e2e', 'parity', 'build-istioctl.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const binary = out.trim().split('\n').pop() ?? '';
  if (binary === '') throw new Error(`${script} printed no binary path`);
  const printed = execFileSync(binary, ['version', '--remote=false', '--short'], { encoding: 'utf8' }).trim();
  const version = printed.replace(/^client version:\s*/, '');
  if (version !== ISTIOCTL_VERSION) throw new Error(`${binary} reports version ${version}, want ${ISTIOCTL_VERSION}`);
  return binary;
}
