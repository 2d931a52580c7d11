import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { isOlderVersion, ObjectStore, storeKey } from './object-store.js';

const cm = (name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'n', resourceVersion: rv } });

describe('ObjectStore', () => {
  it('holds at most maxObjects: a new object beyond is refused and the store marked incomplete until a relist', () => {
    const store = new ObjectStore(2);
    store.put(cm('a', '1'));
    store.put(cm('b', '2'));
    expect(store.put(cm('c', '3'))).toEqual({ previous: undefined, stored: false, refused: true });
    expect([store.size, store.overflowed]).toEqual([2, true]);
    // What it holds still follows the watch.
    expect(store.put(cm('a', '4')).stored).toBe(true);
    store.remove('n', 'b', '5');
    expect(store.put(cm('c', '6')).stored).toBe(true);
    expect(store.overflowed).toBe(true);
    store.beginRelist();
    expect(store.overflowed).toBe(false);
  });

  it('never goes back in time: an older watch event does not replace the answer to our write', () => {
    const store = new ObjectStore();
    store.put(cm('a', '100'));
    expect(store.put(cm('a', '99')).stored).toBe(false);
    expect(store.get('n', 'a')?.metadata.resourceVersion).toBe('100');
    expect(store.put(cm('a', '101')).stored).toBe(true);
  });

  it('keeps a deleted object deleted: the answer to a write sent before the delete, read after its event, is not stored', () => {
    const store = new ObjectStore();
    store.put(cm('istiod', '100'));
    store.remove('n', 'istiod', '105');
    // Our apply was answered at 100, the delete event (105) was handled first: storing it would hide the deletion.
    expect(store.put(cm('istiod', '100')).stored).toBe(false);
    expect(store.put(cm('istiod', '105')).stored).toBe(false);
    expect(store.get('n', 'istiod')).toBeUndefined();
    // Recreated later: newer than the deletion, stored.
    expect(store.put(cm('istiod', '110')).stored).toBe(true);
    store.remove('n', 'istiod', '120');
    expect(store.put(cm('istiod', '110')).stored).toBe(false);
    // A relist that lacks it buries it at the list's version too.
    store.put(cm('gateway', '130'));
    store.removeMissing(new Set(), '140');
    expect(store.put(cm('gateway', '135')).stored).toBe(false);
  });

  it('drops what a fresh list lacks, unless we wrote it after that list', () => {
    const store = new ObjectStore();
    store.put(cm('gone', '5'));
    store.put(cm('written-later', '12'));
    store.put(cm('kept', '6'));
    const gone = store.removeMissing(new Set([storeKey('n', 'kept')]), '10');
    expect(gone.map((o) => o.metadata.name)).toEqual(['gone']);
    expect([...store.values()].map((o) => o.metadata.name).sort()).toEqual(['kept', 'written-later']);
  });

  it('compares resourceVersions numerically and treats anything else as not older', () => {
    expect(isOlderVersion('9', '10')).toBe(true);
    expect(isOlderVersion('10', '9')).toBe(false);
    expect(isOlderVersion('abc', '10')).toBe(false);
    expect(isOlderVersion(undefined, '10')).toBe(false);
  });
});
