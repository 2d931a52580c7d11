import { describe, expect, it } from 'vitest';
import type { PackInfo } from './pack-info.js';
import { endOfLifeWarning, selectIstioVersion, versionOfTag, type VersionRequest } from './select-istio-version.js';

const pack = (version: string, endOfLife = '2027-04-30'): PackInfo => ({ version, hub: 'docker.io/istio', endOfLife, minKubernetes: '1.32', removes: [], compatibilityVersions: [], valueKeys: {}, removedValueKeys: [], renderer: {} });
const packs = [pack('1.27.9', '2026-04-30'), pack('1.30.3', '2026-12-31'), pack('1.31.0')];
const select = (request: Partial<VersionRequest>) => selectIstioVersion({ tagConflict: 'refuse', ...request }, packs, '--istio-version');

describe('selectIstioVersion', () => {
  it('gives a new installation without a tag the newest pack', () => {
    expect(select({})).toEqual({ ok: true, value: { version: '1.31.0', source: 'default' } });
  });

  it('keeps the installed release while nothing names another: a newer operator moves nothing by itself', () => {
    expect(select({ installed: '1.27.9' })).toEqual({ ok: true, value: { version: '1.27.9', source: 'installed' } });
  });

  it('takes the release a tag carries, with or without a variant suffix, over the installed one', () => {
    expect(select({ tag: { value: '1.30.3', path: 'spec.tag' }, installed: '1.27.9' })).toMatchObject({ ok: true, value: { version: '1.30.3', source: 'tag' } });
    expect(select({ tag: { value: '1.30.3-distroless', path: 'spec.tag' } })).toMatchObject({ ok: true, value: { version: '1.30.3' } });
  });

  it('refuses a tag of a release without a pack, naming the supported ones', () => {
    const r = select({ tag: { value: '1.30.2', path: 'spec.tag' } });
    expect(r).toEqual({ ok: false, errors: [{ path: 'spec.tag', reason: 'tag 1.30.2 is Istio 1.30.2, which this operator cannot install; supported releases: 1.27.9, 1.30.3, 1.31.0' }] });
  });

  it('asks for an explicit release when the tag carries none (a digest, a build name, a bare minor)', () => {
    expect(select({ tag: { value: 'my-build', path: 'spec.tag' } })).toMatchObject({ ok: false, errors: [{ path: 'spec.tag', reason: expect.stringContaining('carries no Istio release; name the release it was built from with --istio-version') }] });
    expect(select({ tag: { value: 'sha256:0123abcd', path: 'spec.tag' } })).toMatchObject({ ok: false });
    expect(select({ tag: { value: '1.30', path: 'spec.tag' } })).toMatchObject({ ok: false, errors: [{ reason: expect.stringContaining('names no patch release') }] });
    expect(select({ tag: { value: 'my-build', path: 'spec.tag' }, explicit: { version: '1.30.3', path: 'x' } })).toMatchObject({ ok: true, value: { version: '1.30.3', source: 'explicit' } });
  });

  it('lets an explicit release override a disagreeing tag only where asked to (the CLI, like istioctl X.Y.Z)', () => {
    const request = { tag: { value: '1.27.9', path: 'spec.tag' }, explicit: { version: '1.31.0', path: 'annotation' } };
    expect(select(request)).toMatchObject({ ok: false, errors: [{ path: 'spec.tag', reason: 'tag 1.27.9 is Istio 1.27.9, but annotation asks for 1.31.0; make them agree' }] });
    expect(select({ ...request, tagConflict: 'explicit-wins' })).toMatchObject({ ok: true, value: { version: '1.31.0' } });
  });

  it('refuses an explicit release that is malformed or has no pack', () => {
    expect(select({ explicit: { version: '1.31', path: '--istio-version' } })).toMatchObject({ ok: false, errors: [{ path: '--istio-version', reason: '"1.31" is not a release number (X.Y.Z)' }] });
    expect(select({ explicit: { version: '1.32.0', path: '--istio-version' } })).toMatchObject({ ok: false, errors: [{ reason: expect.stringContaining('supported releases: 1.27.9, 1.30.3, 1.31.0') }] });
  });

  it('refuses to keep an installed release it has no pack for, rather than moving it', () => {
    expect(select({ installed: '1.29.6' })).toMatchObject({ ok: false, errors: [{ path: 'status.istioVersion' }] });
  });
});

describe('versionOfTag', () => {
  it.each([
    ['1.31.0', '1.31.0'],
    ['v1.31.0', '1.31.0'],
    ['1.31.0-distroless', '1.31.0'],
    ['1.31', undefined],
    ['latest', undefined],
    ['sha256:abc', undefined],
  ])('%s -> %s', (tag, version) => expect(versionOfTag(tag)).toBe(version));
});

describe('endOfLifeWarning', () => {
  it('says a release is past its end of life, warns 60 days ahead, and is silent before', () => {
    expect(endOfLifeWarning(pack('1.27.9', '2026-04-30'), '2026-12-07')).toMatch(/^Istio 1\.27\.9 reached end of life on 2026-04-30/);
    expect(endOfLifeWarning(pack('1.30.3', '2026-12-31'), '2026-12-07')).toBe('Istio 1.30.3 reaches end of life on 2026-12-31: plan the upgrade');
    expect(endOfLifeWarning(pack('1.31.0', '2027-04-30'), '2026-12-07')).toBeUndefined();
  });
});
