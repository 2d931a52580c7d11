import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import type { KubeClients } from './kube-client.js';
import { KubeApiError } from './kube-errors.js';
import type { RestRequest } from './kube-rest.js';
import { watchResources } from './watch-resources.js';

type Callback = (phase: string, obj: JsonValue) => void;
interface OpenWatch { query: Record<string, unknown>; cb: Callback; done: (err: unknown) => void; aborted: boolean }

const cm = (name: string, rv: string): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'n', resourceVersion: rv } });
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const fail503 = (): JsonValue => {
  throw new KubeApiError(503, 'ServiceUnavailable', 'down', 'GET', '/api/v1/configmaps');
};

function harness(initial?: () => JsonValue, options: { maxObjects?: number; onOverflow?: () => void } = {}) {
  let listing: () => JsonValue = initial ?? (() => ({ apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '10' }, items: [{ metadata: { name: 'a', namespace: 'n' } }] }));
  const watches: OpenWatch[] = [];
  const timers: { cb: () => void; ms: number; cleared: boolean }[] = [];
  const seen: string[] = [];
  const errors: unknown[] = [];
  const rest = async (req: RestRequest): Promise<JsonValue> => {
    expect(req.path).toBe('/api/v1/configmaps');
    return listing();
  };
  const watch = {
    watch: async (_path: string, query: Record<string, unknown>, cb: Callback, done: (err: unknown) => void) => {
      const w: OpenWatch = { query, cb, done, aborted: false };
      watches.push(w);
      return { abort: () => { w.aborted = true; } } as AbortController;
    },
  };
  const handle = watchResources({
    clients: { rest, watch } as unknown as KubeClients,
    path: '/api/v1/configmaps',
    labelSelector: 'x=y',
    onEvent: (o: KubeObject) => seen.push(`${o.kind}:${o.metadata.name}`),
    onError: (e) => errors.push(e),
    ...options,
    timers: {
      setTimeout: (cb, ms) => { const t = { cb, ms, cleared: false }; timers.push(t); return t; },
      clearTimeout: (t) => { (t as { cleared: boolean }).cleared = true; },
    },
  });
  const fire = async (): Promise<number> => {
    const t = timers.shift();
    if (!t) throw new Error('no timer pending');
    t.cb();
    await flush();
    return t.ms;
  };
  return { handle, watches, timers, seen, errors, fire, setListing: (f: () => JsonValue) => (listing = f) };
}

describe('watchResources', () => {
  it('lists, then watches from the list resourceVersion and reports every event', async () => {
    const h = harness();
    await flush();
    expect(h.seen).toEqual(['ConfigMap:a']);
    expect(h.watches[0]?.query).toMatchObject({ resourceVersion: '10', labelSelector: 'x=y', allowWatchBookmarks: true });
    h.watches[0]?.cb('ADDED', cm('b', '11'));
    h.watches[0]?.cb('MODIFIED', cm('b', '12'));
    h.watches[0]?.cb('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '15' } });
    h.watches[0]?.cb('DELETED', cm('a', '16'));
    expect(h.seen).toEqual(['ConfigMap:a', 'ConfigMap:b', 'ConfigMap:b', 'ConfigMap:a']);
    h.watches[0]?.done(null);
    expect(await h.fire()).toBe(0);
    expect(h.watches[1]?.query.resourceVersion).toBe('16');
    h.handle.stop();
  });

  it('holds at most maxObjects, says so once, and still reports what it could not hold', async () => {
    let overflows = 0;
    const h = harness(undefined, { maxObjects: 1, onOverflow: () => void (overflows += 1) });
    await flush();
    h.watches[0]?.cb('ADDED', cm('b', '11'));
    h.watches[0]?.cb('ADDED', cm('c', '12'));
    expect(h.seen).toEqual(['ConfigMap:a', 'ConfigMap:b', 'ConfigMap:c']);
    expect([h.handle.store.size, h.handle.store.overflowed, overflows]).toEqual([1, true, 1]);
    h.handle.stop();
  });

  it('keeps BOOKMARKs (no metadata.name): an idle watch resumes from the bookmark at once', async () => {
    const h = harness();
    await flush();
    h.watches[0]?.cb('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '42', annotations: { 'k8s.io/initial-events-end': 'true' } } });
    expect(h.seen).toEqual(['ConfigMap:a']);
    h.watches[0]?.done(null);
    expect(await h.fire()).toBe(0);
    expect(h.watches[1]?.query.resourceVersion).toBe('42');
    expect(h.errors).toEqual([]);
    h.handle.stop();
  });

  it('relists on 410 Gone and reports objects that vanished meanwhile', async () => {
    const h = harness();
    await flush();
    h.watches[0]?.cb('ADDED', cm('b', '11'));
    h.setListing(() => ({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '30' }, items: [{ metadata: { name: 'c', namespace: 'n' } }] }));
    h.watches[0]?.cb('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
    expect(h.watches[0]?.aborted).toBe(true);
    h.watches[0]?.done(new Error('aborted'));
    await flush();
    expect(h.seen.slice(2).sort()).toEqual(['ConfigMap:a', 'ConfigMap:b', 'ConfigMap:c']);
    expect(h.watches[1]?.query.resourceVersion).toBe('30');
    expect(h.errors).toEqual([]);
    h.handle.stop();
  });

  it('retries failed lists with capped exponential backoff until stopped', async () => {
    const h = harness(fail503);
    await flush();
    expect(h.errors).toHaveLength(1);
    expect(await h.fire()).toBe(500);
    expect(await h.fire()).toBe(1000);
    expect(await h.fire()).toBe(2000);
    expect(h.errors).toHaveLength(4);
    h.handle.stop();
    expect(h.timers.every((t) => t.cleared)).toBe(true);
    expect(h.watches).toHaveLength(0);
  });

  it('relists after a broken watch connection and stops cleanly', async () => {
    const h = harness();
    await flush();
    h.watches[0]?.done(new Error('socket hang up'));
    expect(h.errors).toHaveLength(1);
    expect(await h.fire()).toBe(500);
    expect(h.watches).toHaveLength(2);
    expect(h.seen).toEqual(['ConfigMap:a', 'ConfigMap:a']);
    h.handle.stop();
    expect(h.watches[1]?.aborted).toBe(true);
    h.watches[1]?.done(null);
    expect(h.timers).toHaveLength(0);
  });
});
