import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPidAlive } from './lock.js';
import type { ClusterPaths } from './paths.js';

// Test runs that use the cluster, one empty file per process id: the last one out stops a cluster a
// test run started, so parallel runs sharing one state dir never lose it mid-run.
const usersDir = (paths: ClusterPaths): string => join(paths.state, 'users');

export async function registerUser(paths: ClusterPaths, pid: number = process.pid): Promise<void> {
  await mkdir(usersDir(paths), { recursive: true });
  await writeFile(join(usersDir(paths), String(pid)), '');
}

export async function unregisterUser(paths: ClusterPaths, pid: number = process.pid): Promise<void> {
  await rm(join(usersDir(paths), String(pid)), { force: true });
}

/** Live users; entries of dead processes (crashed runs) are removed on the way. */
export async function listLiveUsers(paths: ClusterPaths): Promise<number[]> {
  const entries = await readdir(usersDir(paths)).catch(() => [] as string[]);
  const live: number[] = [];
  for (const entry of entries) {
    const pid = Number.parseInt(entry, 10);
    if (Number.isInteger(pid) && isPidAlive(pid)) live.push(pid);
    else await rm(join(usersDir(paths), entry), { force: true });
  }
  return live;
}
