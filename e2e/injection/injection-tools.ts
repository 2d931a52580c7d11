import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/assets/load-assets.js';

/** Runs a build script that builds its tool into the tools cache when missing and prints the binary's path last. */
function buildTool(script: string): string {
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const binary = out.trim().split('\n').pop() ?? '';
  if (binary === '') throw new Error(`${script} printed no binary path`);
  return binary;
}

export interface InjectionTools {
  readonly istioctl: string;
  readonly templateRunner: string;
}

/**
 * istioctl 1.27.9 and template-runner, built from Go modules when missing (minutes cold). Throws when either
 * cannot be built or is not the expected version: the injection tier fails, never skips.
 */
export function ensureInjectionTools(): InjectionTools {
  const root = packageRoot();
  const istioctl = buildTool(path.join(root, 'e2e', 'parity', 'build-istioctl.sh'));
  const version = execFileSync(istioctl, ['version', '--remote=false', '--short'], { encoding: 'utf8' }).trim();
  if (!version.endsWith('1.27.9')) throw new Error(`${istioctl} reports version '${version}', want 1.27.9`);
  return { istioctl, templateRunner: buildTool(path.join(root, 'e2e', 'injection', 'build-template-runner.sh')) };
}
