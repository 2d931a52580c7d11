import { describe, expect, it } from 'vitest';
import type { Condition } from '../api/istio-operator.js';
import { findCondition, formatTime, isConditionTrue, removeCondition, setCondition, type ConditionInput } from './conditions.js';

const T0 = new Date('2025-03-01T10:00:00.123Z');
const T1 = new Date('2025-03-01T10:05:00.000Z');

const ready: Condition = {
  type: 'Ready',
  status: 'False',
  reason: 'Progressing',
  message: 'Waiting for Pilot',
  observedGeneration: 1,
  lastTransitionTime: formatTime(T0),
};

describe('setCondition', () => {
  const cases: { name: string; next: ConditionInput; moves: boolean }[] = [
    { name: 'identical condition', next: { type: 'Ready', status: 'False', reason: 'Progressing', message: 'Waiting for Pilot', observedGeneration: 1 }, moves: false },
    { name: 'only observedGeneration changed', next: { type: 'Ready', status: 'False', reason: 'Progressing', message: 'Waiting for Pilot', observedGeneration: 2 }, moves: false },
    { name: 'status changed', next: { type: 'Ready', status: 'True', reason: 'Progressing', message: 'Waiting for Pilot' }, moves: true },
    { name: 'reason changed', next: { type: 'Ready', status: 'False', reason: 'ApplyFailed', message: 'Waiting for Pilot' }, moves: true },
    { name: 'message changed', next: { type: 'Ready', status: 'False', reason: 'Progressing', message: 'Waiting for IngressGateways' }, moves: true },
  ];
  it.each(cases)('$name -> lastTransitionTime moves: $moves', ({ next, moves }) => {
    const [result] = setCondition([ready], next, T1);
    expect(result?.lastTransitionTime).toBe(moves ? '2025-03-01T10:05:00Z' : '2025-03-01T10:00:00Z');
    expect(result?.observedGeneration).toBe(next.observedGeneration);
    expect(result?.status).toBe(next.status);
  });

  it('appends a new type and keeps the position of an existing one', () => {
    const stalled: ConditionInput = { type: 'Stalled', status: 'True', reason: 'InvalidSpec', message: 'bad' };
    const added = setCondition([ready], stalled, T1);
    expect(added.map((c) => c.type)).toEqual(['Ready', 'Stalled']);
    const updated = setCondition(added, { ...ready, status: 'True' }, T1);
    expect(updated.map((c) => c.type)).toEqual(['Ready', 'Stalled']);
    expect(findCondition(updated, 'Ready')?.status).toBe('True');
  });

  it('does not mutate its input', () => {
    const input = [ready];
    setCondition(input, { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }, T1);
    expect(input).toEqual([ready]);
  });
});

describe('condition helpers', () => {
  it('removes, finds and tests conditions', () => {
    expect(removeCondition([ready], 'Ready')).toEqual([]);
    expect(findCondition(undefined, 'Ready')).toBeUndefined();
    expect(isConditionTrue([ready], 'Ready')).toBe(false);
    expect(isConditionTrue([{ ...ready, status: 'True' }], 'Ready')).toBe(true);
  });
  it('formats times at second precision', () => {
    expect(formatTime(T0)).toBe('2025-03-01T10:00:00Z');
  });
});
