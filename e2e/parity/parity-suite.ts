import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssets } from '../../src/assets/load-assets.js';
import { compareManifests, objectKey, type FieldDifference } from './compare-objects.js';
import { ensureIstioctl } from './istioctl-binary.js';
import { IstioctlOutputCache } from './istioctl-output-cache.js';
import { explain, knownDifferencesOf, type KnownDifference } from './known-differences.js';
import { PARITY_MATRIX, type ParityCase } from './parity-matrix.js';
import { caseFile, manifestArgs, mapLimit, renderWithIstioctl, renderWithUs, type RenderOutcome } from './render-both.js';

/**
 * Full-object parity of one version pack with the real istioctl of the same release (e2e/parity/README.md):
 * every case of the matrix is rendered by that istioctl, built from Go modules or the release's sources,
 * and by our CLI with `--istio-version`; the objects must be equal field by field, up to the install-time
 * labels (compare-objects.ts) and the documented differences (known-differences.ts). One test file per pack
 * calls this.
 */
export function defineParitySuite(release: string): void {
  const assets = loadAssets(release);
  const known = knownDifferencesOf(release);
  const dir = mkdtempSync(path.join(os.tmpdir(), `istio-operator-parity-${release}-`));
  const outcomes = new Map<string, { istioctl: RenderOutcome; ours: RenderOutcome }>();
  const used = new Set<KnownDifference>();
  const tally = { cases: 0, equalCases: 0, rejected: 0, objects: 0, equalObjects: 0 };

  const show = (d: FieldDifference): string => `${d.object} ${d.path}: istioctl=${JSON.stringify(d.istioctl)} ours=${JSON.stringify(d.ours)}`;

  beforeAll(async () => {
    const istioctl = ensureIstioctl(release);
    const cache = await IstioctlOutputCache.open(istioctl);
    await mapLimit(PARITY_MATRIX, 2, async (c: ParityCase) => {
      const file = caseFile(dir, c);
      const args = manifestArgs(file, c);
      const theirs = await renderWithIstioctl(istioctl, args, file, cache);
      const ours = await renderWithUs(args, file, readFileSync(file, 'utf8'), assets);
      outcomes.set(c.name, { istioctl: theirs, ours });
    });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(
      `[parity ${release}] ${tally.cases} cases (${tally.rejected} refused by istioctl), ${tally.equalCases} fully equal; ` +
        `${tally.objects} objects, ${tally.equalObjects} fully equal; ${known.length} documented differences\n`,
    );
  });

  describe(`istioctl ${release} parity`, () => {
    it.each(PARITY_MATRIX.map((c) => [c.name, c] as const))('%s', (name) => {
      const outcome = outcomes.get(name);
      if (!outcome) throw new Error(`case ${name} was not rendered`);
      const { istioctl, ours } = outcome;
      tally.cases++;
      if (!istioctl.ok) {
        tally.rejected++;
        expect(ours.ok, `istioctl refuses this input (${istioctl.message}); so must we`).toBe(false);
        tally.equalCases++;
        return;
      }
      if (!ours.ok) {
        const refusal: FieldDifference = { object: '(render)', path: '', istioctl: 'rendered', ours: ours.message };
        const reason = explain(release, name, refusal);
        if (reason) used.add(reason);
        expect(reason, `istioctl renders this input, we refuse it: ${ours.message}`).toBeDefined();
        return;
      }
      const diffs = compareManifests(istioctl.objects, ours.objects, release);
      const differing = new Set(diffs.map((d) => d.object));
      tally.objects += istioctl.objects.length;
      tally.equalObjects += istioctl.objects.length - istioctl.objects.filter((o) => differing.has(objectKey(o))).length;
      if (diffs.length === 0) tally.equalCases++;
      const unexplained = diffs.filter((d) => {
        const reason = explain(release, name, d);
        if (reason) used.add(reason);
        return !reason;
      });
      expect(unexplained.map(show)).toEqual([]);
    });

    it('every documented difference still occurs (remove fixed ones)', () => {
      expect(known.filter((k) => !used.has(k)).map((k) => k.reason)).toEqual([]);
    });
  });
}
