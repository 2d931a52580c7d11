import type { JsonObject } from '../../src/api/json.js';

/** One generated bad IstioOperator spec and the field its refusal or Stalled message must name. */
export interface MalformedCase {
  family: string;
  spec: JsonObject;
  field: string;
}

const BIG = 'x'.repeat(100 * 1024);
/** A tiny deterministic PRNG (mulberry32): the same 200 cases on every run, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 200 malformed specs over the families of issue 10: unknown fields at depth, wrong types, 100 KB
 * strings, path-like profiles, invalid revisions, out-of-range ports, thousands of gateways. Every
 * case installs into `namespace` with the `empty` profile plus what it adds, so nothing it could
 * render touches another installation.
 */
export function generateMalformedCases(namespace: string, count = 200): MalformedCase[] {
  const random = rng(10);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const word = (): string => `zz${Math.floor(random() * 1e6).toString(36)}`;
  const base = (extra: JsonObject): JsonObject => ({ profile: 'empty', ...extra, values: { global: { istioNamespace: namespace }, ...((extra.values as JsonObject | undefined) ?? {}) } });
  const families: ((i: number) => MalformedCase)[] = [
    () => {
      const w = word();
      return pick([
        { family: 'unknown field', spec: base({ [w]: true }), field: `spec.${w}` },
        { family: 'unknown field', spec: base({ components: { pilot: { k8s: { [w]: 1 } } } }), field: `spec.components.pilot.k8s.${w}` },
        { family: 'unknown field', spec: base({ values: { pilot: { [w]: 'a' } } }), field: `spec.values.pilot.${w}` },
        { family: 'unknown field', spec: base({ values: { global: { proxy: { [w]: { deep: 1 } } } } }), field: `spec.values.global.proxy.${w}` },
      ]);
    },
    () =>
      pick([
        { family: 'wrong type', spec: base({ components: { pilot: { enabled: 'yes' } } }), field: 'spec.components.pilot.enabled' },
        { family: 'wrong type', spec: base({ components: { ingressGateways: 'all' } }), field: 'spec.components.ingressGateways' },
        { family: 'wrong type', spec: base({ values: { pilot: { replicaCount: 'two' } } }), field: 'spec.values.pilot.replicaCount' },
        { family: 'wrong type', spec: base({ components: { pilot: { k8s: { replicaCount: -3 } } } }), field: 'spec.components.pilot.k8s.replicaCount' },
      ]),
    () =>
      pick([
        { family: '100 KB string', spec: base({ profile: BIG }), field: 'spec.profile' },
        { family: '100 KB string', spec: base({ revision: BIG }), field: 'spec.revision' },
        { family: '100 KB string', spec: base({ values: { [BIG.slice(0, 2000) + word()]: 1 } }), field: 'spec.values.' },
      ]),
    () => ({ family: 'path-like profile', spec: base({ profile: pick(['../../etc/passwd', '/etc/passwd', 'demo/../../x', '..', '~root', 'file:///etc/shadow']) }), field: 'spec.profile' }),
    () => ({ family: 'invalid revision', spec: base({ revision: pick(['Canary_1', '-bad', 'a'.repeat(64), 'UPPER', 'x.y', 'rev/1']) }), field: 'spec.revision' }),
    (i) => ({
      family: 'out-of-range port',
      spec: base({ components: { ingressGateways: [{ name: `gw-port-${i}`, enabled: true, k8s: { service: { ports: [{ name: 'http', port: pick([70000, 0, -1, 65536]) }] } } }] } }),
      field: 'port',
    }),
    (i) => ({
      family: 'thousands of gateways',
      spec: base({ components: { ingressGateways: Array.from({ length: 2000 }, (_, g) => ({ name: g === 1999 ? `Bad_Name_${i}` : `gw-${i}-${g}`, enabled: false })) } }),
      field: 'spec.components.ingressGateways[1999].name',
    }),
  ];
  return Array.from({ length: count }, (_, i) => (families[i % families.length] as (i: number) => MalformedCase)(i));
}
