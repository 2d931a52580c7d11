import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFileOf, loadCachedScript, loadedScripts, writeCodeCaches } from './load-cached-script.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cached-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lastLoad = (): { file: string; cacheUsed: boolean } | undefined => loadedScripts().at(-1);

describe('loadCachedScript', () => {
  it('runs a CommonJS file as require does, then from the code cache it wrote, and never from a stale one', () => {
    const file = path.join(dir, 'm.cjs');
    writeFileSync(file, "const p = require('node:path'); module.exports = { base: p.basename(__filename), twice: (x) => x * 2 };\n");
    expect(loadCachedScript(file)).toMatchObject({ base: 'm.cjs' });
    expect(lastLoad()).toEqual({ file, cacheUsed: false });

    expect(writeCodeCaches()).toContain(cacheFileOf(file));
    expect(existsSync(cacheFileOf(file))).toBe(true);
    expect((loadCachedScript(file) as { twice(x: number): number }).twice(4)).toBe(8);
    expect(lastLoad()).toEqual({ file, cacheUsed: true });

    // Same length, other code: the cache describes another source and must not be used.
    writeFileSync(file, "const p = require('node:path'); module.exports = { base: p.basename(__filename), twice: (x) => x * 3 };\n");
    expect((loadCachedScript(file) as { twice(x: number): number }).twice(4)).toBe(12);
    expect(lastLoad()).toEqual({ file, cacheUsed: false });
  });
});
