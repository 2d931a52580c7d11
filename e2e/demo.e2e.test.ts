// `npm run demo` when its operator cannot run: it must fail at once and show why, never wait out its
// 180 s progress timeout. The operator's port is taken by a server that answers /readyz like one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRepoRoot } from './cluster/paths.js';

let impostor: Server;
let port = 0;
const stateDir = mkdtempSync(path.join(tmpdir(), 'demo-e2e-'));

beforeAll(async () => {
  impostor = createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
  const address = impostor.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise((resolve) => impostor.close(resolve));
  rmSync(stateDir, { recursive: true, force: true });
});

function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(resolveRepoRoot(), 'dist', 'e2e', 'demo', 'run-demo.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 })));
}

describe('npm run demo', () => {
  it('fails at once with the operator\'s last log lines when the operator exits at start', async () => {
    const { code, output, seconds } = await runDemo({ DEMO_OPERATOR_PORT: String(port), DEMO_STATE_DIR: stateDir });
    expect(code, output).toBe(1);
    expect(output).toMatch(/the operator exited with code \d+/);
    expect(output).toContain('EADDRINUSE');
    expect(seconds, output).toBeLessThan(60);
    expect(output).not.toContain('Applying examples/');
  }, 120_000);
});
