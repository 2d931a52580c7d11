import { readFileSync } from 'node:fs';

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM), in bytes; NaN if unreadable. */
export function readProcStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User + system CPU time of a process so far (ms), from /proc/<pid>/stat; NaN if unreadable. */
export function readProcCpuMs(pid: number, ticksPerSecond = 100): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}
