import { describe, expect, it } from 'vitest';
import type { PackInfo } from '../packs/pack-info.js';
import { checkSchema } from './schema-check.js';
import { buildSpecRules } from './pack-spec-rules.js';

const pack = (version: string, extra: Partial<PackInfo> = {}): PackInfo => ({
  version, hub: 'docker.io/istio', endOfLife: '2027-01-01', minKubernetes: '1.30', removes: [], compatibilityVersions: [], valueKeys: {}, removedValueKeys: [], renderer: {}, ...extra,
});

const errorsOf = (rules: ReturnType<typeof buildSpecRules>, values: Record<string, unknown>): string[] => {
  const errors: { path: string; reason: string }[] = [];
  checkSchema({ values }, rules.schema, 'spec', errors);
  return errors.map((e) => e.path);
};

describe('buildSpecRules', () => {
  const root = pack('1.0.0', { compatibilityVersions: ['0.9'] });
  const next = pack('1.1.0', { base: '1.0.0', compatibilityVersions: ['0.9', '1.0'], valueKeys: { 'global.networkPolicy.enabled': 'bool', 'pilot.crlConfigMapName': 'str' } });
  const last = pack('1.2.0', { base: '1.1.0', removedValueKeys: ['pilot.crlConfigMapName', 'global.logAsJson'] });

  it('accepts the values keys a release adds, with their types, and only from that release on', () => {
    expect(errorsOf(buildSpecRules([root]), { global: { networkPolicy: { enabled: true } } })).toEqual(['spec.values.global.networkPolicy']);
    expect(errorsOf(buildSpecRules([root, next]), { global: { networkPolicy: { enabled: true } }, pilot: { crlConfigMapName: 'crl' } })).toEqual([]);
    expect(errorsOf(buildSpecRules([root, next]), { global: { networkPolicy: { enabled: 'yes' } } })).toEqual(['spec.values.global.networkPolicy.enabled']);
  });

  it('refuses keys a later release removes, its own and older ones alike', () => {
    expect(errorsOf(buildSpecRules([root, next, last]), { pilot: { crlConfigMapName: 'crl' }, global: { logAsJson: true, networkPolicy: { enabled: true } } })).toEqual([
      'spec.values.pilot.crlConfigMapName',
      'spec.values.global.logAsJson',
    ]);
  });

  it('takes the compatibility versions of the release itself', () => {
    expect(buildSpecRules([root, next]).compatibilityVersions).toEqual(['0.9', '1.0']);
  });

  it('names the pack key of an unknown type or a path through a scalar', () => {
    expect(() => buildSpecRules([pack('1.0.0', { valueKeys: { 'global.x': 'boolean' } })])).toThrow('values key global.x: unknown type boolean');
    expect(() => buildSpecRules([pack('1.0.0', { valueKeys: { 'global.hub.x': 'bool' } })])).toThrow('values key global.hub.x: x is inside a value that is not a mapping');
  });
});
