import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadAssets } from '../../src/assets/load-assets.js';
import { compareManifests, type FieldDifference } from './compare-objects.js';
import { ensureIstioctl } from './istioctl-binary.js';
import { PARITY_MATRIX } from './parity-matrix.js';
import { IstioctlOutputCache } from './istioctl-output-cache.js';
import { caseFile, manifestArgs, mapLimit, renderWithIstioctl, renderWithUs } from './render-both.js';

/**
 * `npm run parity:diff [-- CASE-REGEX] [--json] [--istio-version X.Y.Z]`: renders matrix cases with that
 * release's istioctl and with its pack (default: the newest) and prints every difference (the parity
 * suite's view, before known-differences.ts), to work on parity by hand.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const versionAt = args.indexOf('--istio-version');
  const version = versionAt >= 0 ? args[versionAt + 1] : undefined;
  const filter = new RegExp(args.find((a, i) => !a.startsWith('--') && i !== versionAt + 1) ?? '.');
  const assets = loadAssets(version);
  const istioctl = ensureIstioctl(assets.pack.version);
  const cache = await IstioctlOutputCache.open(istioctl);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'istio-operator-parity-'));
  const cases = PARITY_MATRIX.filter((c) => filter.test(c.name));
  const all: (FieldDifference & { case: string })[] = [];
  await mapLimit(cases, 2, async (c) => {
    const file = caseFile(dir, c);
    const argv = manifestArgs(file, c);
    const theirs = await renderWithIstioctl(istioctl, argv, file, cache);
    const ours = await renderWithUs(argv, file, readFileSync(file, 'utf8'), assets);
    if (!theirs.ok || !ours.ok) {
      if (theirs.ok !== ours.ok) all.push({ case: c.name, object: '(render)', path: '', istioctl: theirs.ok ? 'ok' : theirs.message, ours: ours.ok ? 'ok' : ours.message });
      return;
    }
    for (const d of compareManifests(theirs.objects, ours.objects, assets.pack.version)) all.push({ case: c.name, ...d });
  });
  rmSync(dir, { recursive: true, force: true });
  if (json) {
    process.stdout.write(`${JSON.stringify(all, null, 1)}\n`);
    return;
  }
  for (const d of all) {
    process.stdout.write(`${d.case}: ${d.object} ${d.path}: istioctl=${JSON.stringify(d.istioctl)} ours=${JSON.stringify(d.ours)}\n`);
  }
}

await main();
