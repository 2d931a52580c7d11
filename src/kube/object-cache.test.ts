import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/kube-object.js';
import { createObjectCache, lookupCached } from './object-cache.js';
import { ObjectStore } from './object-store.js';
import type { ResourceWatch } from './watch-resources.js';

const cm = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, resourceVersion: '1', labels: { 'operator.istio.io/component': 'Pilot' } },
});

function fakeWatch(objects: KubeObject[], maxObjects?: number): ResourceWatch & { synced: boolean } {
  const store = new ObjectStore(maxObjects);
  for (const o of objects) store.put(o);
  const w = { store, synced: true, isSynced: () => w.synced, stop: () => undefined };
  return w;
}

describe('ObjectCache', () => {
  it('serves a kind watched per namespace from all its watches, and only once every one has listed', () => {
    const cache = createObjectCache();
    const system = fakeWatch([cm('istio-system', 'istio')]);
    const ingress = fakeWatch([cm('istio-ingress', 'gw')]);
    ingress.synced = false;
    cache.register('v1', 'ConfigMap', system, 'istio-system');
    cache.register('v1', 'ConfigMap', ingress, 'istio-ingress');
    expect(cache.storeFor('v1', 'ConfigMap')).toBeUndefined();
    ingress.synced = true;
    expect([...(cache.storeFor('v1', 'ConfigMap')?.values() ?? [])].map((o) => o.metadata.name).sort()).toEqual(['gw', 'istio']);
    expect(lookupCached(cache, { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'istio-ingress', name: 'gw' })?.metadata.name).toBe('gw');
    // Outside the watched namespaces: not in the cache, so the reader asks the API server.
    expect(lookupCached(cache, { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'gw' })).toBeUndefined();
    cache.record(cm('istio-ingress', 'new'));
    cache.record(cm('team-a', 'elsewhere'));
    expect(ingress.store.get('istio-ingress', 'new')).toBeDefined();
    expect([system.store.size, ingress.store.size]).toEqual([1, 2]);
  });

  it('stops serving a kind whose watch ran out of room: reads go to the API server', () => {
    const cache = createObjectCache();
    const full = fakeWatch([cm('istio-system', 'a'), cm('istio-system', 'b')], 1);
    cache.register('v1', 'ConfigMap', full);
    expect(full.store.overflowed).toBe(true);
    expect(cache.storeFor('v1', 'ConfigMap')).toBeUndefined();
    expect(lookupCached(cache, { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'istio-system', name: 'a' })).toBeUndefined();
  });
});
