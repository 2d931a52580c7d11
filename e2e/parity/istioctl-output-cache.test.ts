import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IstioctlOutputCache } from './istioctl-output-cache.js';

describe('IstioctlOutputCache', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'istioctl-cache-'));
    vi.stubEnv('ISTIO_OPERATOR_TOOLS_CACHE', dir);
  });
  afterEach(() => vi.unstubAllEnvs());

  const setUp = (binaryContent: string, input: string): { binary: string; file: string } => {
    const binary = path.join(dir, `istioctl-${binaryContent}`);
    writeFileSync(binary, binaryContent);
    const file = path.join(dir, `case-${Math.random()}.yaml`);
    writeFileSync(file, input);
    return { binary, file };
  };

  it('runs istioctl once per binary, arguments and input content, wherever the input file lies', async () => {
    const { binary, file } = setUp('v1', 'spec: {}');
    const cache = await IstioctlOutputCache.open(binary);
    const run = vi.fn(() => Promise.resolve({ stdout: 'out', stderr: '' }));
    expect(await cache.run(['manifest', 'generate', '-f', file], file, run)).toEqual({ stdout: 'out', stderr: '' });
    const elsewhere = path.join(dir, 'other.yaml');
    writeFileSync(elsewhere, 'spec: {}');
    expect(await cache.run(['manifest', 'generate', '-f', elsewhere], elsewhere, run)).toEqual({ stdout: 'out', stderr: '' });
    expect(run).toHaveBeenCalledTimes(1);

    writeFileSync(file, 'spec: {profile: demo}');
    await cache.run(['manifest', 'generate', '-f', file], file, run);
    await cache.run(['manifest', 'generate', '-f', file, '--set', 'tag=x'], file, run);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('runs afresh for another binary, and always when switched off', async () => {
    const first = setUp('v1', 'spec: {}');
    const run = vi.fn(() => Promise.resolve({ stdout: 'out', stderr: 'warn', error: 'exit 1' }));
    await (await IstioctlOutputCache.open(first.binary)).run(['-f', first.file], first.file, run);
    const rebuilt = setUp('v2', 'spec: {}');
    await (await IstioctlOutputCache.open(rebuilt.binary)).run(['-f', rebuilt.file], rebuilt.file, run);
    expect(run).toHaveBeenCalledTimes(2);
    vi.stubEnv('ISTIOCTL_OUTPUT_CACHE', 'off');
    const off = await IstioctlOutputCache.open(first.binary);
    expect(await off.run(['-f', first.file], first.file, run)).toEqual({ stdout: 'out', stderr: 'warn', error: 'exit 1' });
    expect(run).toHaveBeenCalledTimes(3);
  });
});
