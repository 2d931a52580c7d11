import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../assets/load-assets.js';
import { OPERATOR_NODE_FLAGS } from '../operator-node-flags.js';

// Static checks of the Dockerfile (no Docker engine is needed). dist/ must exist: `npm test` runs
// `npm run build` first; when running this file alone, build first.

const root = packageRoot();

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions grouped by stage: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m?.[1]) throw new Error(`unparsable FROM: ${line}`);
      stages.push({ image: m[1], ...(m[2] ? { name: m[2] } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

/** Packages imported (not type-only) by the operator's and CLI's own modules: src/ without tests and test support. */
function runtimeImports(): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.ts$/.test(entry.name) && !/\.d\.ts$|test/.test(entry.name)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/^import (?!type )[^'"]*?['"]([^'".][^'"]*)['"]|\bimport\(['"]([^'".][^'"]*)['"]\)|\bcreateRequire\([^)]*\)\(['"]([^'".][^'"]*)['"]\)/gm)) {
          const spec = m[1] ?? m[2] ?? m[3] ?? '';
          if (spec.startsWith('node:')) continue;
          names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
        }
      }
    }
  };
  visit(path.join(root, 'src'));
  return names;
}

const stages = parseDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const finalStage = stages.at(-1) as Stage;
const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
const ops = (stage: Stage, op: string): string[] => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const copies = (stage: Stage): { from?: string; sources: string[]; dest: string }[] =>
  ops(stage, 'COPY').map((args) => {
    const words = args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    return { ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths.at(-1) ?? '' };
  });

describe('Dockerfile', () => {
  it('has build, prod-deps and runtime stages', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'prod-deps', 'runtime']);
  });

  it.each(stages.map((s) => [s.name ?? '?', s.image]))('stage %s pins its base image by an exact version (%s)', (_name, image) => {
    if (stageNames.has(image)) return;
    const [, tag = ''] = /:([^:@/]+)(@sha256:[a-f0-9]{64})?$/.exec(image) ?? [];
    expect(tag, `${image} has no tag`).not.toBe('');
    expect(tag).not.toMatch(/latest/);
    // A full major.minor.patch, not a floating `20` or `20-slim`.
    expect(tag).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('compiles with dev dependencies in the build stage and installs only production ones for the runtime', () => {
    const build = stages.find((s) => s.name === 'build') as Stage;
    expect(ops(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(ops(build, 'RUN').join('\n')).toMatch(/npm run build/);
    const prod = stages.find((s) => s.name === 'prod-deps') as Stage;
    expect(ops(prod, 'RUN')).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
  });

  it('runtime stage holds no build tools and no dev dependencies', () => {
    // The program each command runs (removing npm's files with `rm` is fine; running npm is not).
    const programs = ops(finalStage, 'RUN').flatMap((run) => run.split(/&&|\|\||;|\|/).map((cmd) => cmd.trim().split(/\s+/)[0] ?? ''));
    const buildTools = ['npm', 'npx', 'yarn', 'pnpm', 'corepack', 'tsc', 'node-gyp', 'gcc', 'g++', 'make', 'apt-get', 'apt', 'apk'];
    for (const program of programs) expect(buildTools).not.toContain(path.posix.basename(program));
    expect(finalStage.instructions.map((i) => i.args).join('\n')).not.toMatch(/typescript|--include=dev/);
    const fromBuild = copies(finalStage).filter((c) => c.from === 'build');
    expect(fromBuild.flatMap((c) => c.sources)).toEqual([
      '/src/node_modules/handlebars/package.json',
      '/src/node_modules/handlebars/LICENSE',
      '/src/node_modules/handlebars/dist/handlebars.runtime.js',
      '/src/dist/src',
      '/src/dist/assets',
      '/src/dist/bundle',
    ]);
    const modules = copies(finalStage).find((c) => c.sources.some((s) => s.endsWith('node_modules')));
    expect(modules?.from).toBe('prod-deps');
  });

  it('installs as production dependencies only packages the operator imports, and of Handlebars only its runtime', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const imported = runtimeImports();
    // A test-only package (deepmerge) or the template compiler would grow the image and its attack surface.
    expect(Object.keys(pkg.dependencies).filter((name) => !imported.has(name))).toEqual([]);
    expect([...imported].filter((name) => !(name in pkg.dependencies) && name !== 'handlebars')).toEqual([]);
    expect(pkg.devDependencies.handlebars).toBeDefined();
    const handlebars = copies(finalStage).filter((c) => c.sources.some((s) => s.includes('node_modules/handlebars')));
    expect(handlebars.flatMap((c) => c.sources).filter((s) => s.endsWith('.js'))).toEqual(['/src/node_modules/handlebars/dist/handlebars.runtime.js']);
  });

  it('runtime stage runs as a numeric non-root user', () => {
    const users = ops(finalStage, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const [uid = '', gid = uid] = (users.at(-1) ?? '').split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
  });

  it('runtime stage starts `istio-operator run` and exposes the probe port (metrics stay on loopback)', () => {
    expect(JSON.parse(ops(finalStage, 'ENTRYPOINT').at(-1) ?? 'null')).toEqual(['node', ...OPERATOR_NODE_FLAGS, '/app/bin/istio-operator.cjs']);
    expect(JSON.parse(ops(finalStage, 'CMD').at(-1) ?? 'null')).toEqual(['run']);
    expect(ops(finalStage, 'EXPOSE')).toEqual(['8081']);
    expect(ops(finalStage, 'WORKDIR').at(-1)).toBe('/app');
  });

  it('runtime stage holds what the operator reads at start-up, at the package root', () => {
    const dests = new Set(copies(finalStage).map((c) => path.posix.normalize(path.posix.join('/app', c.dest))));
    for (const dir of ['/app/node_modules', '/app/dist/src', '/app/dist/assets', '/app/bin', '/app/charts', '/app/packs', '/app/crds', '/app']) {
      expect(dests.has(dir) || dests.has(`${dir}/`), dir).toBe(true);
    }
  });

  it('every path copied from the build context exists and is not excluded by .dockerignore', () => {
    const ignore = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignore).toContain('*');
    const allowed = new Set(ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, '')));
    const sources = stages.flatMap((s) => copies(s).filter((c) => !c.from).flatMap((c) => c.sources));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      const rel = src.replace(/\/$/, '');
      expect(existsSync(path.join(root, rel)), `${src} is missing from the repository`).toBe(true);
      expect(allowed.has(rel), `${src} is not re-included in .dockerignore`).toBe(true);
    }
  });

  it('the bin script imports the compiled entry point and the bundle loader the build produces (needs `npm run build`)', () => {
    const bin = readFileSync(path.join(root, 'bin', 'istio-operator.cjs'), 'utf8');
    const target = /import\(\s*'(\.\.\/dist\/src\/[^']+)'/.exec(bin)?.[1];
    expect(target, 'bin/istio-operator.cjs must import ../dist/src/...').toBeDefined();
    // And the CLI bundle's loader (ADR 8), which the build writes beside the bundle.
    const loader = /require\('(\.\.\/dist\/bundle\/[^']+)'\)/.exec(bin)?.[1];
    expect(loader, 'bin/istio-operator.cjs must require ../dist/bundle/...').toBeDefined();
    for (const file of [target, loader]) {
      const compiled = path.join(root, 'bin', file as string);
      expect(existsSync(compiled), `${compiled} is missing: run \`npm run build\` first (\`npm test\` does)`).toBe(true);
    }
  });
});
