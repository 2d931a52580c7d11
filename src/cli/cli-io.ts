import { closeSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The CLI's only contact with the outside world, injectable so commands run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The file's text; a file longer than `maxBytes` (`/dev/zero` included) is refused with a CliError. */
  readFile(file: string, maxBytes: number): string;
  writeFile(file: string, text: string): void;
}

/**
 * Writes to a file descriptor directly: process.stdout would first load Node's stream modules (and, for a
 * pipe, its socket code), ~4 ms of a cold `manifest generate`. A non-blocking descriptor that is full
 * (EAGAIN) hands that text and all later text to the stream, which waits for the reader; a reader that went
 * away (EPIPE: `| head`) gets nothing more, as with any shell tool.
 */
function descriptorWriter(fd: number, stream: () => NodeJS.WriteStream): { write(text: string): void; flush(): Promise<void> } {
  let viaStream = false;
  let closed = false;
  const write = (text: string): void => {
    if (closed) return;
    if (viaStream) {
      stream().write(text);
      return;
    }
    let bytes = Buffer.from(text);
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(fd, bytes));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') closed = true;
        else if (code === 'EAGAIN') {
          viaStream = true;
          stream().write(bytes);
        } else throw e;
        return;
      }
    }
  };
  const flush = (): Promise<void> => (viaStream ? new Promise((resolve) => stream().write('', () => resolve())) : Promise.resolve());
  return { write, flush };
}

const stdoutWriter = descriptorWriter(1, () => process.stdout);
const stderrWriter = descriptorWriter(2, () => process.stderr);

/** Resolves once everything processIo wrote has left the process (at once, unless a stream had to queue it). */
export async function flushProcessIo(): Promise<void> {
  await Promise.all([stdoutWriter.flush(), stderrWriter.flush()]);
}

export const processIo: CliIo = {
  stdout: stdoutWriter.write,
  stderr: stderrWriter.write,
  readFile: readFileCapped,
  writeFile: (file, text) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  },
};

/**
 * Reads at most `maxBytes` + 1 bytes, whatever the file claims to be (a device or a pipe has no size).
 * `-` is standard input, as for kubectl and istioctl.
 */
function readFileCapped(file: string, maxBytes: number): string {
  const stdin = file === '-';
  const fd = stdin ? 0 : openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    while (length <= maxBytes) {
      const n = readSome(fd, buffer, length, maxBytes + 1 - length);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new CliError(`${stdin ? 'standard input' : file} is larger than the limit of ${formatBytes(maxBytes)}`);
    return buffer.toString('utf8', 0, length);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** One read; a non-blocking standard input that has nothing yet (EAGAIN) is read again. */
function readSome(fd: number, buffer: Buffer, offset: number, length: number): number {
  for (;;) {
    try {
      return readSync(fd, buffer, offset, length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

export function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** A user-facing failure: printed as `Error: <message>` on stderr, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

export const EXIT_USAGE = 2;

/**
 * A diff command's run, whose exit code is an answer (0 the same, 1 different): any failure exits 2, as
 * diff(1) and `kubectl diff` do, so a script never reads an error as "they differ".
 */
export function withDiffExitCodes<A extends unknown[]>(run: (...args: A) => Promise<number>): (...args: A) => Promise<number> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (e) {
      if (e instanceof CliError) throw e.exitCode >= EXIT_USAGE ? e : new CliError(e.message, EXIT_USAGE);
      throw new CliError(`internal error: ${(e as Error).message}`, EXIT_USAGE);
    }
  };
}
