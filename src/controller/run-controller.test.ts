import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { runController, type EventSource } from './run-controller.js';
import { WorkQueue } from './work-queue.js';

const iop = (namespace: string, name: string): KubeObject => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name, namespace } });
const owned = (owner: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'istiod', namespace: 'x', labels: { [LabelKeys.owningResource]: owner, [LabelKeys.owningResourceNamespace]: 'ops' } },
});

/** An event source the test drives by hand. */
function manualSource(): EventSource & { emit(obj: KubeObject): void; kindSynced(): void } {
  let sink: ((obj: KubeObject) => void) | undefined;
  let onKind: (() => void) | undefined;
  return {
    start: async (onObject, onCacheSynced) => void ((sink = onObject), (onKind = onCacheSynced)),
    stop: () => (sink = undefined),
    emit: (obj) => sink?.(obj),
    kindSynced: () => onKind?.(),
  };
}

afterEach(() => vi.useRealTimers());

describe('runController', () => {
  it('turns events into keys, collapses a burst for one key, and stops cleanly', async () => {
    const source = manualSource();
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const controller = runController({
      source,
      queue: new WorkQueue(),
      concurrency: 2,
      watchedNamespaces: [],
      reconcile: async (key) => {
        seen.push(key);
        await gate;
        return { kind: 'done' };
      },
    });
    await controller.synced;
    source.emit(iop('ops', 'mesh'));
    await vi.waitFor(() => expect(seen).toEqual(['ops/mesh']));
    // While ops/mesh is in flight, three events for it become one more reconcile, not three.
    for (let i = 0; i < 3; i++) source.emit(owned('mesh'));
    source.emit({ ...iop('other', 'x'), kind: 'ConfigMap' }); // no ownership labels: no key
    release();
    await vi.waitFor(() => expect(seen).toEqual(['ops/mesh', 'ops/mesh']));
    await controller.stop();
    expect(seen).toHaveLength(2);
  });

  it('reconciles every IstioOperator again when another kind\'s cache syncs (a deletion before its first list wakes no one)', async () => {
    const source = manualSource();
    const seen: string[] = [];
    const controller = runController({ source, queue: new WorkQueue(), concurrency: 1, watchedNamespaces: [], reconcile: async (key) => (seen.push(key), { kind: 'done' }) });
    await controller.synced;
    source.emit(iop('ops', 'a'));
    source.emit(iop('ops', 'b'));
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    source.kindSynced();
    await vi.waitFor(() => expect(seen).toHaveLength(4));
    expect(seen.slice(2).sort()).toEqual(['ops/a', 'ops/b']);
    await controller.stop();
  });

  it('reconciles every IstioOperator it has seen again each resync period', async () => {
    vi.useFakeTimers();
    const source = manualSource();
    const seen: string[] = [];
    const controller = runController({
      source,
      queue: new WorkQueue(),
      concurrency: 1,
      watchedNamespaces: [],
      resyncPeriodMs: 60_000,
      reconcile: async (key) => (seen.push(key), { kind: 'done' }),
    });
    await controller.synced;
    source.emit(iop('ops', 'a'));
    source.emit(iop('ops', 'b'));
    await vi.waitFor(() => expect(seen.sort()).toEqual(['ops/a', 'ops/b']));
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(seen).toHaveLength(4));
    expect(seen.slice(2).sort()).toEqual(['ops/a', 'ops/b']);
    await controller.stop();
  });
});
