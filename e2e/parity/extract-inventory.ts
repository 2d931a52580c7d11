import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { packageRoot } from '../../src/assets/load-assets.js';
import { PARITY_CASES } from '../../src/pipeline/parity-cases.js';
import { buildInventory, parseKubeObjects } from '../../src/pipeline/parity-inventory.js';
import { renderParitySnapshot } from '../../src/pipeline/parity-snapshot.js';

/**
 * `node dist/e2e/parity/extract-inventory.js`        builds istioctl 1.27.9 if missing (build-istioctl.sh),
 *   renders every parity case with it and writes src/pipeline/testdata/istioctl-parity/<case>.json.
 * `node dist/e2e/parity/extract-inventory.js FILE`   prints the inventory of a manifest file (`-` = stdin),
 *   e.g. to look at our own render: `./bin/istio-operator manifest generate --profile demo | ... -`.
 */
const ISTIOCTL_VERSION = '1.27.9';
const root = packageRoot();
const MAX_OUTPUT = 256 * 1024 * 1024;

function inventoryOfManifest(text: string): ReturnType<typeof buildInventory> {
  return buildInventory(parseKubeObjects(yaml.loadAll(text)));
}

function buildIstioctl(): string {
  const script = path.join(root, 'e2e', 'parity', 'build-istioctl.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const binary = out.trim().split('\n').pop() ?? '';
  if (binary === '') throw new Error(`${script} printed no binary path`);
  return binary;
}

function refresh(): void {
  const istioctl = buildIstioctl();
  const printed = execFileSync(istioctl, ['version', '--remote=false', '--short'], { encoding: 'utf8' }).trim();
  const version = printed.replace(/^client version:\s*/, '');
  if (version !== ISTIOCTL_VERSION) throw new Error(`${istioctl} reports version ${version}, want ${ISTIOCTL_VERSION}`);
  const outDir = path.join(root, 'src', 'pipeline', 'testdata', 'istioctl-parity');
  mkdirSync(outDir, { recursive: true });
  for (const c of PARITY_CASES) {
    const args = ['manifest', 'generate', ...c.setFlags.flatMap((f) => ['--set', f])];
    const manifest = execFileSync(istioctl, args, { encoding: 'utf8', maxBuffer: MAX_OUTPUT, stdio: ['ignore', 'pipe', 'pipe'] });
    const inventory = inventoryOfManifest(manifest);
    writeFileSync(path.join(outDir, `${c.name}.json`), renderParitySnapshot(c, version, inventory));
    process.stdout.write(`${c.name}: ${Object.keys(inventory).length} objects\n`);
  }
}

const file = process.argv[2];
if (file === undefined) {
  refresh();
} else {
  const text = readFileSync(file === '-' ? '/dev/stdin' : file, 'utf8');
  process.stdout.write(`${JSON.stringify(inventoryOfManifest(text), null, 2)}\n`);
}
