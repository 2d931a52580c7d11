import { describe, expect, it } from 'vitest';
import type { IstioOperatorObject } from '../api/istio-operator.js';
import { listsRevisionTag, revisionTagOf, tagReceiver } from './revision-tag-handover.js';

const iop = (name: string, tags: unknown, deleting = false): IstioOperatorObject => ({
  apiVersion: 'install.istio.io/v1alpha1',
  kind: 'IstioOperator',
  metadata: { name, namespace: 'mesh', ...(deleting ? { deletionTimestamp: '2026-12-07T00:00:00Z' } : {}) },
  spec: { values: { revisionTags: tags as string[] } },
});

describe('revision tag handover', () => {
  it('reads the tag an object serves from its istio.io/tag label', () => {
    expect(revisionTagOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: { 'istio.io/tag': 'prod' } } })).toBe('prod');
    expect(revisionTagOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } })).toBeUndefined();
  });

  it('a holder lets go of a tag its spec no longer lists, or when it is gone or being deleted', () => {
    expect(listsRevisionTag(iop('old', ['default']), 'default')).toBe(true);
    expect(listsRevisionTag(iop('old', ['prod']), 'default')).toBe(false);
    expect(listsRevisionTag(iop('old', 'default'), 'default')).toBe(false);
    expect(listsRevisionTag(iop('old', ['default'], true), 'default')).toBe(false);
    expect(listsRevisionTag(undefined, 'default')).toBe(false);
  });

  it('names the other IstioOperator that lists the tag as the receiver, never the holder itself', () => {
    const all = [iop('old', ['default']), iop('new', ['default', 'prod'])];
    expect(tagReceiver(all, 'default', { namespace: 'mesh', name: 'old' })).toEqual({ namespace: 'mesh', name: 'new' });
    expect(tagReceiver(all, 'prod', { namespace: 'mesh', name: 'new' })).toBeUndefined();
    expect(tagReceiver([iop('new', ['default'], true)], 'default', { namespace: 'mesh', name: 'old' })).toBeUndefined();
  });
});
