import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, packsDir } from '../../src/assets/asset-paths.js';
import { listPacks } from '../../src/assets/read-sources.js';

describe('parity coverage', () => {
  it.each(listPacks(packsDir()).map((p) => p.version))('pack %s has a parity suite against its own istioctl', (version) => {
    expect(existsSync(path.join(packageRoot(), 'e2e', 'parity', `istioctl-${version}.parity.test.ts`))).toBe(true);
  });
});
