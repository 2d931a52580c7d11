import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one istioctl run printed, as it printed it. */
export interface IstioctlRun {
  stdout: string;
  stderr: string;
  /** The failure message when istioctl exited non-zero. */
  error?: string;
}

/**
 * istioctl's output kept beside the tools it comes from, keyed by the binary's own digest, the arguments
 * and the content of the input file: a rebuilt istioctl, a changed case or another file all run it afresh,
 * and the same input to the same binary cannot print anything else (istioctl's `manifest generate` reads
 * nothing but its arguments and the file). It spares a warm `npm test` about a thousand istioctl processes;
 * `ISTIOCTL_OUTPUT_CACHE=off` runs every one.
 */
export class IstioctlOutputCache {
  private constructor(
    private readonly dir: string | undefined,
    private readonly binaryDigest: string,
  ) {}

  static async open(istioctl: string): Promise<IstioctlOutputCache> {
    const binaryDigest = await digestOfFile(istioctl);
    if (process.env.ISTIOCTL_OUTPUT_CACHE === 'off') return new IstioctlOutputCache(undefined, binaryDigest);
    const root = process.env.ISTIO_OPERATOR_TOOLS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'istio-operator-e2e');
    const dir = path.join(root, 'istioctl-output', binaryDigest.slice(0, 16));
    mkdirSync(dir, { recursive: true });
    return new IstioctlOutputCache(dir, binaryDigest);
  }

  /** The recorded run of `args` on `file` (its path is not part of the key, its content is), or a new one. */
  async run(args: readonly string[], file: string, runIstioctl: () => Promise<IstioctlRun>): Promise<IstioctlRun> {
    if (this.dir === undefined) return runIstioctl();
    const key = createHash('sha256')
      .update(JSON.stringify([this.binaryDigest, args.map((a) => (a === file ? '<file>' : a)), readFileSync(file, 'utf8')]))
      .digest('hex');
    const entry = path.join(this.dir, `${key}.json`);
    try {
      return JSON.parse(readFileSync(entry, 'utf8')) as IstioctlRun;
    } catch {
      const fresh = await runIstioctl();
      writeFileSync(`${entry}.tmp`, JSON.stringify(fresh));
      renameSync(`${entry}.tmp`, entry);
      return fresh;
    }
  }
}

function digestOfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}
