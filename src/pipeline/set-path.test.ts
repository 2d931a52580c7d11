import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import { applySetFlags, parseSetPath, parseSetValue, type PathSegment } from './set-path.js';

const key = (k: string): PathSegment => ({ kind: 'key', key: k });
const index = (i: number): PathSegment => ({ kind: 'index', index: i });
const select = (field: string, value: string): PathSegment => ({ kind: 'select', field, value });

describe('parseSetPath', () => {
  it.each<[string, PathSegment[]]>([
    ['profile', [key('profile')]],
    ['values.global.proxy.privileged', [key('values'), key('global'), key('proxy'), key('privileged')]],
    ['components.ingressGateways[0].k8s.replicaCount', [key('components'), key('ingressGateways'), index(0), key('k8s'), key('replicaCount')]],
    ['components.ingressGateways.[0].enabled', [key('components'), key('ingressGateways'), index(0), key('enabled')]],
    ['components.ingressGateways.[name:istio-ingressgateway].enabled', [key('components'), key('ingressGateways'), select('name', 'istio-ingressgateway'), key('enabled')]],
    ['a\\.b.c', [key('a.b'), key('c')]],
    ['a[1][2]', [key('a'), index(1), index(2)]],
    ['a.[k:v:w]', [key('a'), select('k', 'v:w')]],
  ])('parses %s', (path, segments) => {
    expect(parseSetPath(path)).toEqual({ ok: true, value: segments });
  });

  it.each<[string, string]>([
    ['', 'empty path'],
    ['a..b', 'empty key at position 3'],
    ['.a', 'empty key at position 1'],
    ['a.', 'path ends with "."'],
    ['a[0', 'unbalanced brackets: "[" without "]"'],
    ['a]', 'unbalanced brackets: "]" without "["'],
    ['a[0]b', 'unexpected "b" after "]"'],
    ['a[x]', 'invalid selector "[x]": expected [N] or [field:value]'],
    ['a[-1]', 'invalid selector "[-1]": expected [N] or [field:value]'],
  ])('rejects %j', (path, reason) => {
    expect(parseSetPath(path)).toEqual({ ok: false, errors: [{ path, reason }] });
  });
});

describe('parseSetValue', () => {
  it.each<[string, string, JsonValue]>([
    ['values.pilot.replicaCount', '2', 2],
    ['values.pilot.traceSampling', '0.5', 0.5],
    ['values.pilot.traceSampling', '1e2', 100],
    ['values.global.proxy.privileged', 'true', true],
    ['a', 'True', true],
    ['a', 'F', false],
    ['a', '1', 1],
    ['a', 'yes', 'yes'],
    ['a', 'a\\,b', 'a,b'],
    ['a', '', ''],
    ['a', '/dev/stdout', '/dev/stdout'],
    ['tag', '1.27', '1.27'],
    ['values.global.tag', '1.27.9', '1.27.9'],
    ['values.global.tag', '1', '1'],
    ['compatibilityVersion', '1.25', '1.25'],
    ['values.compatibilityVersion', '1.26', '1.26'],
    ['meshConfig.defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE', 'true', 'true'],
    ['values.meshConfig.defaultConfig.proxyMetadata.X', '15', '15'],
  ])('%s=%s', (path, raw, expected) => {
    expect(parseSetValue(path, raw)).toEqual(expected);
  });
});

const gateways: JsonObject = {
  components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] },
  profile: 'demo',
  meshConfig: {},
};

describe('applySetFlags', () => {
  it.each<[string, JsonObject, string[], JsonObject]>([
    ['values.global.proxy.privileged=true', {}, ['values.global.proxy.privileged=true'], { values: { global: { proxy: { privileged: true } } } }],
    ['meshConfig.accessLogFile=/dev/stdout', {}, ['meshConfig.accessLogFile=/dev/stdout'], { meshConfig: { accessLogFile: '/dev/stdout' } }],
    ['profile=demo', { hub: 'x' }, ['profile=demo'], { hub: 'x', profile: 'demo' }],
    [
      'components.ingressGateways[0].k8s.replicaCount=2',
      gateways,
      ['components.ingressGateways[0].k8s.replicaCount=2'],
      { ...gateways, components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, k8s: { replicaCount: 2 } }] } },
    ],
    [
      'components.ingressGateways.[name:istio-ingressgateway].enabled=false',
      gateways,
      ['components.ingressGateways.[name:istio-ingressgateway].enabled=false'],
      { ...gateways, components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }] } },
    ],
    [
      'escaped dots in a key',
      {},
      ['values.sidecarInjectorWebhook.injectedAnnotations.container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/istio-proxy=runtime/default'],
      { values: { sidecarInjectorWebhook: { injectedAnnotations: { 'container.apparmor.security.beta.kubernetes.io/istio-proxy': 'runtime/default' } } } },
    ],
    [
      'index == length appends, into a fresh list',
      {},
      ['components.egressGateways[0].name=istio-egressgateway', 'components.egressGateways[0].enabled=true', 'components.egressGateways[1].name=eg2'],
      { components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }, { name: 'eg2' }] } },
    ],
    ['a value with "="', {}, ['values.pilot.env.OPTS=a=b'], { values: { pilot: { env: { OPTS: 'a=b' } } } }],
    ['a leaf list element', { l: [1, 2] }, ['l[1]=x', 'l[2]=y'], { l: [1, 'x', 'y'] }],
    ['null is replaced by a map', { values: null }, ['values.a=1'], { values: { a: 1 } }],
    ['flags apply in order', {}, ['tag=1', 'tag=2'], { tag: '2' }],
  ])('%s', (_name, doc, flags, expected) => {
    const before = structuredClone(doc);
    expect(applySetFlags(doc, flags)).toEqual({ ok: true, value: expected });
    expect(doc).toEqual(before);
  });

  it.each<[string, JsonObject, string, string]>([
    ['selector miss', gateways, 'components.ingressGateways.[name:foo].enabled=false', 'element [name:foo] not found'],
    ['selector into a missing list', {}, 'components.egressGateways.[name:foo].enabled=true', 'element [name:foo] not found'],
    ['no "="', {}, 'values.global.proxy.privileged', 'expected path=value'],
    ['empty path', {}, '=true', 'empty path'],
    ['unbalanced brackets', {}, 'components.ingressGateways[0.enabled=true', 'unbalanced brackets: "[" without "]"'],
    ['index beyond length', gateways, 'components.ingressGateways[2].enabled=true', 'index [2] is out of range: the list has 1 element(s), [1] appends'],
    ['indexing a map', gateways, 'meshConfig[0]=1', 'cannot use [0] on a map (only lists can be indexed)'],
    ['keying into a scalar', gateways, 'profile.name=x', 'cannot descend into "profile": it holds a string, not a map or list'],
    ['keying into a list', gateways, 'components.ingressGateways.name=x', 'cannot use key "name" on a list (use [N] or [field:value])'],
  ])('%s', (_name, doc, flag, reason) => {
    expect(applySetFlags(doc, [flag])).toEqual({ ok: false, errors: [{ path: `--set ${flag}`, reason }] });
  });

  it('reports every bad flag together and changes nothing', () => {
    const result = applySetFlags(gateways, ['profile=minimal', 'oops', 'meshConfig[0]=1', '=x']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['--set oops', '--set meshConfig[0]=1', '--set =x']);
  });
});

describe('reserved keys and inherited properties', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s as a key or selector field, naming the flag', (word) => {
    for (const flag of [`values.${word}.polluted=1`, `values.pilot.env.${word}=1`, `components.ingressGateways[${word}:x].enabled=true`]) {
      expect(applySetFlags({}, [flag])).toEqual({ ok: false, errors: [{ path: `--set ${flag}`, reason: `"${word}" is not allowed as a key: it names JavaScript object internals` }] });
    }
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('types a value named like an inherited property as the string it is', () => {
    expect(parseSetValue('values.x', 'constructor')).toBe('constructor');
    expect(parseSetValue('values.x', 'toString')).toBe('toString');
  });

  it('creates a map under a key named like an inherited property instead of stepping into it', () => {
    expect(applySetFlags({}, ['values.toString.a=1'])).toEqual({ ok: true, value: { values: { toString: { a: 1 } } } });
  });

  it('caps the number of flags', () => {
    const out = applySetFlags({}, Array.from({ length: 257 }, (_, i) => `values.k${i}=1`));
    expect(out).toEqual({ ok: false, errors: [{ path: '--set', reason: '257 flags given; the limit is 256' }] });
  });
});
