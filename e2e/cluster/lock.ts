import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reporter } from './build-tools.js';

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryLock(file: string): Promise<number | null> {
  try {
    await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(holder) || !isPidAlive(holder)) {
      await unlink(file).catch(() => undefined); // left by a crashed process
      return 0;
    }
    return holder;
  }
}

// Long enough for a cold build of the binaries (about 9 min on 2 cores) done by the lock holder.
const LOCK_TIMEOUT_MS = 20 * 60_000;

/**
 * Serialises start/stop of one state dir across processes (parallel test runs, `cluster:up`).
 * The lock file sits next to the state dir because `down` removes the dir itself.
 */
export async function withStateLock<T>(stateDir: string, report: Reporter, fn: () => Promise<T>): Promise<T> {
  const file = `${stateDir}.lock`;
  await mkdir(dirname(file), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let announced = false;
  for (;;) {
    const holder = await tryLock(file);
    if (holder === null) break;
    if (holder !== 0 && !announced) {
      report(`Waiting for process ${holder}, which is starting or stopping the cluster in ${stateDir}`);
      announced = true;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the lock ${file} held by process ${holder}`);
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    await unlink(file).catch(() => undefined);
  }
}
