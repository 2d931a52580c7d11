import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  /** Exit code or signal once the process ended while we watched it; null while it runs. */
  exitStatus(): string | null;
}

export interface ProcessSpec {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly pidFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts a detached process (it outlives `cluster:up`) writing to its log; records its pid. */
export async function startProcess(spec: ProcessSpec): Promise<StartedProcess> {
  const log = openSync(spec.logFile, 'a');
  let status: string | null = null;
  try {
    const child = spawn(spec.binary, spec.args, {
      detached: true, stdio: ['ignore', log, log], env: spec.env ?? process.env,
    });
    child.on('exit', (code, signal) => { status = signal ?? `exit code ${code}`; });
    child.on('error', (error) => { status = error.message; });
    child.unref();
    if (child.pid === undefined) {
      await sleep(10);
      throw new Error(`Could not start ${spec.binary}: ${status ?? 'no pid'}`);
    }
    await writeFile(spec.pidFile, `${child.pid}\n`);
    return { name: spec.name, pid: child.pid, exitStatus: () => status };
  } finally {
    closeSync(log);
  }
}

/**
 * A pid is ours only if its command line is the binary we started with the state directory in its
 * arguments: a recycled pid (or the same binary from another cluster) must never be signalled.
 */
export function matchesCommandLine(argv: readonly string[], name: string, stateDir: string): boolean {
  const [exe, ...args] = argv;
  return exe !== undefined && basename(exe) === name && args.some((a) => a.includes(stateDir));
}

function readCommandLine(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return null; // zombie: already dead
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return null;
  }
}

export function isOurProcess(pid: number, name: string, stateDir: string): boolean {
  const argv = readCommandLine(pid);
  return argv !== null && matchesCommandLine(argv, name, stateDir);
}

export async function readPidFile(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then SIGKILL after the timeout. Returns false when the pid was not ours (left alone). */
export async function stopProcess(pid: number, name: string, stateDir: string, timeoutMs = 10_000): Promise<boolean> {
  if (!isOurProcess(pid, name, stateDir)) return false;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, name, stateDir)) return true;
    await sleep(100);
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 100 && isOurProcess(pid, name, stateDir); i++) await sleep(50);
  return true;
}
