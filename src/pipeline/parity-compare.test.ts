import { describe, expect, it } from 'vitest';
import { applyAllowances, compareInventories, type ParityAllowance } from './parity-compare.js';

describe('compareInventories', () => {
  it('reports missing objects, changed scalars, list items and map leaves', () => {
    const istioctl = {
      'Service ns/a': { type: 'ClusterIP', ports: ['80', '443'], 'data.x': { keep: 1, gone: 2 } },
      'ServiceAccount ns/only-istioctl': {},
    };
    const ours = {
      'Service ns/a': { type: 'LoadBalancer', ports: ['80', '8443'], 'data.x': { keep: 1, added: 3 } },
      'ServiceAccount ns/only-ours': {},
    };
    expect(compareInventories(istioctl, ours)).toEqual([
      { object: 'Service ns/a', field: 'data.x.added', ours: 3 },
      { object: 'Service ns/a', field: 'data.x.gone', istioctl: 2 },
      { object: 'Service ns/a', field: 'ports', istioctl: ['80', '443'], ours: ['80', '8443'], onlyIstioctl: ['443'], onlyOurs: ['8443'] },
      { object: 'Service ns/a', field: 'type', istioctl: 'ClusterIP', ours: 'LoadBalancer' },
      { object: 'ServiceAccount ns/only-istioctl', field: '', istioctl: 'present' },
      { object: 'ServiceAccount ns/only-ours', field: '', ours: 'present' },
    ]);
  });

  it('finds nothing when inventories are equal up to key order', () => {
    expect(compareInventories({ 'X a': { s: { b: 1, a: 2 } } }, { 'X a': { s: { a: 2, b: 1 } } })).toEqual([]);
  });
});

describe('applyAllowances', () => {
  const rule: ParityAllowance = { object: /^Service /, field: /^type$/, when: (d) => d.ours === 'LoadBalancer', reason: 'r' };

  it.each([
    ['matching object, field and shape', { object: 'Service a', field: 'type', ours: 'LoadBalancer' }, 0],
    ['another shape', { object: 'Service a', field: 'type', ours: 'NodePort' }, 1],
    ['another field', { object: 'Service a', field: 'ports', ours: 'LoadBalancer' }, 1],
    ['another object', { object: 'Deployment a', field: 'type', ours: 'LoadBalancer' }, 1],
  ])('%s', (_what, diff, unexplained) => {
    const result = applyAllowances([diff], [rule]);
    expect(result.unexplained).toHaveLength(unexplained);
    expect(result.used.has(rule)).toBe(unexplained === 0);
  });
});
