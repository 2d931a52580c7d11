import { describe, expect, it } from 'vitest';
import { isLoopback, parseProcAddress, parseProcNetTcp } from './sockets.js';

describe('parseProcAddress', () => {
  it.each([
    ['0100007F:AA43', '127.0.0.1'],
    ['020200C0:01BB', '192.0.2.2'],
    ['00000000:0000', '0.0.0.0'],
    ['00000000000000000000000001000000:1F90', '0:0:0:0:0:0:0:1'],
    ['0000000000000000FFFF00000100007F:1F90', '127.0.0.1'],
  ])('%s -> %s', (hex, text) => {
    expect(parseProcAddress(hex)).toBe(text);
  });
});

describe('parseProcNetTcp', () => {
  it('reads state, addresses and inode', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:AA43 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 56490 2 0',
      '   1: 0100007F:AE17 020200C0:01BB 01 00000000:00000000 00:00000000 00000000     0        0 57445 2 0',
    ].join('\n');
    expect(parseProcNetTcp(text)).toEqual([
      { local: '127.0.0.1', remote: '0.0.0.0', state: 'LISTEN', inode: '56490' },
      { local: '127.0.0.1', remote: '192.0.2.2', state: 'ESTABLISHED', inode: '57445' },
    ]);
    expect([isLoopback('127.0.0.1'), isLoopback('192.0.2.2'), isLoopback('0:0:0:0:0:0:0:1')]).toEqual([true, false, true]);
  });
});
