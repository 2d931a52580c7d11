import { describe, expect, it } from 'vitest';
import type { IstioOperatorStatus } from '../api/istio-operator.js';
import type { ComponentReadiness } from './assess-readiness.js';
import { findCondition } from './conditions.js';
import { buildErrorSummary, computeStatus, statusEquals, type ReconcileResultSummary } from './compute-status.js';
import { InvalidSpecError } from './reconcile-errors.js';

const T0 = new Date('2025-03-01T10:00:00Z');
const T1 = new Date('2025-03-01T10:01:00Z');
const T2 = new Date('2025-03-01T10:02:00Z');

const comp = (component: string, ready: boolean, reasons: string[] = [], objectCount = 2): ComponentReadiness => ({
  component,
  ready,
  failed: false,
  objectCount,
  reasons,
});
const allReady = [comp('Base', true), comp('Pilot', true)];
const pilotWaiting = [comp('Base', true), comp('Pilot', false, ['Deployment.apps istio-system/istiod: 0/1 replicas available'])];

const READY: ReconcileResultSummary = { kind: 'ready', components: allReady, inventoryCount: 42 };
const PROGRESSING: ReconcileResultSummary = { kind: 'progressing', components: pilotWaiting, inventoryCount: 42 };
const STALLED: ReconcileResultSummary = { kind: 'stalled', reason: 'InvalidSpec', message: 'spec.profile: unknown' };
const RETRYING: ReconcileResultSummary = { kind: 'retrying', reason: 'ApplyFailed', message: 'HTTP 503: unavailable' };

const types = (s: IstioOperatorStatus): string[] => (s.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('computeStatus: conditions and legacy status per outcome', () => {
  const cases: { outcome: ReconcileResultSummary; conditions: string[]; legacy: string; components?: Record<string, string> }[] = [
    { outcome: READY, conditions: ['Ready=True/Succeeded'], legacy: 'HEALTHY', components: { Base: 'HEALTHY', Pilot: 'HEALTHY' } },
    { outcome: PROGRESSING, conditions: ['Ready=False/Progressing', 'Reconciling=True/Progressing'], legacy: 'RECONCILING', components: { Base: 'HEALTHY', Pilot: 'RECONCILING' } },
    { outcome: STALLED, conditions: ['Ready=False/InvalidSpec', 'Stalled=True/InvalidSpec'], legacy: 'ERROR' },
    { outcome: { ...STALLED, reason: 'ProgressDeadlineExceeded', components: pilotWaiting }, conditions: ['Ready=False/ProgressDeadlineExceeded', 'Stalled=True/ProgressDeadlineExceeded'], legacy: 'ERROR', components: { Base: 'HEALTHY', Pilot: 'ERROR' } },
    { outcome: RETRYING, conditions: ['Ready=False/ApplyFailed', 'Reconciling=True/ApplyFailed'], legacy: 'RECONCILING' },
    { outcome: { kind: 'deleting', message: 'Uninstalling' }, conditions: ['Ready=False/Deleting', 'Reconciling=True/Deleting'], legacy: 'RECONCILING' },
    { outcome: { kind: 'ready', components: [comp('Base', true), comp('Kiali', true, [], 0)] }, conditions: ['Ready=True/Succeeded'], legacy: 'HEALTHY', components: { Base: 'HEALTHY', Kiali: 'NONE' } },
  ];
  it.each(cases)('$outcome.kind ($legacy) -> $conditions', ({ outcome, conditions, legacy, components }) => {
    const s = computeStatus({ generation: 3, outcome, now: T0 });
    expect(types(s)).toEqual(conditions);
    expect(s.status).toBe(legacy);
    expect(s.message).toBe(findCondition(s.conditions, 'Ready')?.message);
    for (const c of s.conditions ?? []) expect(c.observedGeneration).toBe(3);
    if (components) expect(Object.fromEntries(Object.entries(s.componentStatus ?? {}).map(([k, v]) => [k, v.status]))).toEqual(components);
    else expect(s.componentStatus).toBeUndefined();
  });

  it('names what it is waiting for, and the error of a stalled component', () => {
    expect(computeStatus({ generation: 1, outcome: PROGRESSING, now: T0 }).message).toBe(
      'Waiting for Pilot: Deployment.apps istio-system/istiod: 0/1 replicas available',
    );
    const stalled = computeStatus({ generation: 1, outcome: { ...STALLED, components: pilotWaiting }, now: T0 });
    expect(stalled.componentStatus?.Pilot).toEqual({ status: 'ERROR', error: 'Deployment.apps istio-system/istiod: 0/1 replicas available' });
  });

  it('truncates long waiting lists', () => {
    const many = [comp('Pilot', false, ['a', 'b', 'c', 'd', 'e'])];
    expect(computeStatus({ generation: 1, outcome: { kind: 'progressing', components: many }, now: T0 }).message).toBe(
      'Waiting for Pilot: a; b; c (and 2 more)',
    );
  });
});

describe('computeStatus: transitions', () => {
  // Each step feeds the previous status into the next reconcile.
  const steps: { name: string; generation: number; outcome: ReconcileResultSummary; now: Date; observedGeneration: number | undefined; readyLtt: Date }[] = [
    { name: 'first apply, rolling out', generation: 1, outcome: PROGRESSING, now: T0, observedGeneration: 1, readyLtt: T0 },
    { name: 'same state re-reconciled later', generation: 1, outcome: PROGRESSING, now: T1, observedGeneration: 1, readyLtt: T0 },
    { name: 'becomes ready', generation: 1, outcome: READY, now: T1, observedGeneration: 1, readyLtt: T1 },
    { name: 'ready again: nothing moves', generation: 1, outcome: READY, now: T2, observedGeneration: 1, readyLtt: T1 },
    { name: 'new generation fails to apply (retryable): observedGeneration stays', generation: 2, outcome: RETRYING, now: T2, observedGeneration: 1, readyLtt: T2 },
    { name: 'still retrying with the same error', generation: 2, outcome: RETRYING, now: new Date('2025-03-01T10:05:00Z'), observedGeneration: 1, readyLtt: T2 },
    { name: 'generation 3 is invalid: stalled, observedGeneration advances', generation: 3, outcome: STALLED, now: T2, observedGeneration: 3, readyLtt: T2 },
    { name: 'generation 4 applies and is ready', generation: 4, outcome: READY, now: T2, observedGeneration: 4, readyLtt: T2 },
  ];

  it('moves lastTransitionTime only on change and observedGeneration only when acted on', () => {
    let previous: IstioOperatorStatus | undefined;
    for (const step of steps) {
      const next = computeStatus({ generation: step.generation, previous, outcome: step.outcome, now: step.now });
      const ready = findCondition(next.conditions, 'Ready');
      expect({ step: step.name, og: next.observedGeneration, ltt: ready?.lastTransitionTime }).toEqual({
        step: step.name,
        og: step.observedGeneration,
        ltt: step.readyLtt.toISOString().replace('.000Z', 'Z'),
      });
      expect(ready?.observedGeneration).toBe(step.generation);
      previous = next;
    }
  });

  it('omits observedGeneration while the very first generation is retried', () => {
    const s = computeStatus({ generation: 1, outcome: RETRYING, now: T0 });
    expect(s.observedGeneration).toBeUndefined();
  });

  it('keeps component names and inventory but never HEALTHY when a failure gives no component information', () => {
    const ready = computeStatus({ generation: 1, outcome: READY, now: T0 });
    expect(ready.inventory).toEqual({ count: 42 });
    const failed = computeStatus({ generation: 2, previous: ready, outcome: RETRYING, now: T1 });
    expect(failed.componentStatus).toEqual({ Base: { status: 'RECONCILING' }, Pilot: { status: 'RECONCILING' } });
    expect(failed.inventory).toEqual({ count: 42 });
    const invalid = computeStatus({ generation: 3, previous: ready, outcome: STALLED, now: T1 });
    expect(invalid.componentStatus).toEqual({ Base: { status: 'ERROR', error: 'spec.profile: unknown' }, Pilot: { status: 'ERROR', error: 'spec.profile: unknown' } });
  });

  it('a new generation starts as Reconciling before anything is rendered, observedGeneration unchanged', () => {
    const ready = computeStatus({ generation: 1, outcome: READY, now: T0 });
    const started = computeStatus({ generation: 2, previous: ready, outcome: { kind: 'started' }, now: T1 });
    expect(types(started)).toEqual(['Ready=False/Progressing', 'Reconciling=True/Progressing']);
    expect(started.status).toBe('RECONCILING');
    expect(started.observedGeneration).toBe(1);
    for (const c of started.conditions ?? []) expect(c.observedGeneration).toBe(2);
    expect(Object.values(started.componentStatus ?? {}).map((e) => e.status)).toEqual(['RECONCILING', 'RECONCILING']);
    expect(started.progress).toEqual({ generation: 2, startedAt: '2025-03-01T10:01:00Z' });
  });

  it('progress starts once per generation, survives messages and retries, and ends when Ready', () => {
    let s = computeStatus({ generation: 1, outcome: PROGRESSING, now: T0 });
    const other = [comp('Base', true), comp('Pilot', false, ['Deployment.apps istio-system/istiod: 1/2 replicas available'])];
    s = computeStatus({ generation: 1, previous: s, outcome: { kind: 'progressing', components: other }, now: T1 });
    s = computeStatus({ generation: 1, previous: s, outcome: RETRYING, now: T2 });
    s = computeStatus({ generation: 1, previous: s, outcome: { kind: 'deleting', message: 'x' }, now: T2 });
    expect(s.progress).toEqual({ generation: 1, startedAt: '2025-03-01T10:00:00Z' });
    expect(computeStatus({ generation: 2, previous: s, outcome: PROGRESSING, now: T2 }).progress).toEqual({ generation: 2, startedAt: '2025-03-01T10:02:00Z' });
    expect(computeStatus({ generation: 1, previous: s, outcome: READY, now: T2 }).progress).toBeUndefined();
  });

  it('render warnings become a Warning condition and stay until a render has none', () => {
    const warned = computeStatus({ generation: 1, outcome: { ...READY, warnings: ['replicaCount has no lasting effect'] }, now: T0 });
    expect(types(warned)).toEqual(['Ready=True/Succeeded', 'Warning=True/RenderWarnings']);
    const retried = computeStatus({ generation: 2, previous: warned, outcome: RETRYING, now: T1 });
    expect(findCondition(retried.conditions, 'Warning')?.message).toBe('replicaCount has no lasting effect');
    expect(findCondition(computeStatus({ generation: 2, previous: retried, outcome: READY, now: T1 }).conditions, 'Warning')).toBeUndefined();
  });

  it('drops Reconciling/Stalled once False, keeps foreign conditions after ours', () => {
    const foreign = { type: 'Custom', status: 'True' as const, reason: 'X', message: 'x', lastTransitionTime: '2025-01-01T00:00:00Z' };
    const stalled = computeStatus({ generation: 1, previous: { conditions: [foreign] }, outcome: STALLED, now: T0 });
    expect(stalled.conditions?.map((c) => c.type)).toEqual(['Ready', 'Stalled', 'Custom']);
    const ready = computeStatus({ generation: 2, previous: stalled, outcome: READY, now: T1 });
    expect(ready.conditions?.map((c) => c.type)).toEqual(['Ready', 'Custom']);
  });
});

describe('buildErrorSummary', () => {
  it('routes terminal errors to stalled and retryable ones to retrying', () => {
    expect(buildErrorSummary(new InvalidSpecError([{ path: 'spec.tag', reason: 'required' }]))).toEqual({ kind: 'stalled', reason: 'InvalidSpec', message: 'spec.tag: required' });
    expect(buildErrorSummary(new Error('unavailable'), allReady)).toEqual({ kind: 'retrying', reason: 'InternalError', message: 'unavailable', components: allReady });
  });
});

describe('statusEquals', () => {
  it('is true for a recomputed unchanged status, so no patch is sent', () => {
    const first = computeStatus({ generation: 1, outcome: READY, now: T0 });
    const again = computeStatus({ generation: 1, previous: first, outcome: READY, now: T2 });
    expect(statusEquals(first, again)).toBe(true);
  });
  it('ignores key order and undefined members but not values or array order', () => {
    expect(statusEquals({ status: 'HEALTHY', message: 'ok' }, { message: 'ok', status: 'HEALTHY', observedGeneration: undefined })).toBe(true);
    expect(statusEquals(undefined, {})).toBe(true);
    expect(statusEquals({ observedGeneration: 1 }, { observedGeneration: 2 })).toBe(false);
    expect(statusEquals({ componentStatus: { Pilot: { status: 'HEALTHY' } } }, { componentStatus: { Pilot: { status: 'ERROR' } } })).toBe(false);
    const a = computeStatus({ generation: 1, outcome: STALLED, now: T0 });
    expect(statusEquals(a, { ...a, conditions: [...(a.conditions ?? [])].reverse() })).toBe(false);
  });
});
