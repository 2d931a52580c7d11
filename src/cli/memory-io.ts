import { CliError, formatBytes, type CliIo } from './cli-io.js';

/** A CliIo over an in-memory file system, recording what a command prints (for in-process tests). */
export function createMemoryIo(files: Record<string, string> = {}): CliIo & { out: { stdout: string; stderr: string }; files: Record<string, string> } {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    files,
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    readFile: (f, maxBytes) => {
      const text = files[f];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
      if (Buffer.byteLength(text) > maxBytes) throw new CliError(`${f} is larger than the limit of ${formatBytes(maxBytes)}`);
      return text;
    },
    writeFile: (f, t) => void (files[f] = t),
  };
}
