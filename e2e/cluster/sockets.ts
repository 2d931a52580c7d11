import { readdir, readFile, readlink } from 'node:fs/promises';

/** One TCP socket of /proc/net/tcp{,6}: addresses as printed there (hex), state as a name. */
export interface TcpSocket {
  readonly inode: string;
  readonly local: string;
  readonly remote: string;
  readonly state: 'LISTEN' | 'ESTABLISHED' | 'OTHER';
}

const STATES: Readonly<Record<string, TcpSocket['state']>> = { '0A': 'LISTEN', '01': 'ESTABLISHED' };

/** Hex address (little-endian IPv4, or IPv6 in four little-endian words) to text; port dropped. */
export function parseProcAddress(hex: string): string {
  const [addr = ''] = hex.split(':');
  const bytes = (addr.match(/../g) ?? []).map((b) => Number.parseInt(b, 16));
  const words = [];
  for (let i = 0; i < bytes.length; i += 4) words.push(...bytes.slice(i, i + 4).reverse());
  if (words.length === 4) return words.join('.');
  const v6 = [];
  for (let i = 0; i < 16; i += 2) v6.push((((words[i] ?? 0) << 8) | (words[i + 1] ?? 0)).toString(16));
  const text = v6.join(':');
  // IPv4-mapped (::ffff:a.b.c.d) is shown as plain IPv4.
  return text.startsWith('0:0:0:0:0:ffff:') ? words.slice(12).join('.') : text;
}

export function parseProcNetTcp(text: string): TcpSocket[] {
  return text.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/)).map((f) => ({
    local: parseProcAddress(f[1] ?? ''),
    remote: parseProcAddress(f[2] ?? ''),
    state: STATES[f[3] ?? ''] ?? 'OTHER',
    inode: f[9] ?? '',
  }));
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '0:0:0:0:0:0:0:1';
}

/** The TCP sockets a process holds open (matched by inode). */
export async function listProcessTcpSockets(pid: number): Promise<TcpSocket[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  const tables = await Promise.all(['tcp', 'tcp6'].map((t) => readFile(`/proc/${pid}/net/${t}`, 'utf8')));
  return tables.flatMap(parseProcNetTcp).filter((s) => inodes.has(s.inode));
}
