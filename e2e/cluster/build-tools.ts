import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPONENTS, KWOK_STAGES } from './component-args.js';

export type Reporter = (line: string) => void;

/**
 * Runs build-tools.sh (builds only what is missing; progress lines go to `report`) and returns the
 * cache directory holding the binaries and `kwok-stages/`.
 */
export async function runBuildTools(script: string, report: Reporter): Promise<string> {
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach((l) => report(l));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending !== '') report(pending);
      if (code === 0) resolve(out);
      else reject(new Error(`${script} exited with code ${code}`));
    });
  });
  const binDir = stdout.trim().split('\n').pop() ?? '';
  for (const name of COMPONENTS) await access(join(binDir, name), constants.X_OK);
  for (const stage of KWOK_STAGES) await access(join(binDir, 'kwok-stages', stage), constants.R_OK);
  return binDir;
}
