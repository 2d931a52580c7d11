import { IOP_API_VERSION, IOP_KIND, IOP_PLURAL } from '../api/istio-operator.js';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import { isRelevantChange } from '../controller/change-predicate.js';
import type { EventSource } from '../controller/run-controller.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import { UnservedKindError } from './kube-errors.js';
import { trimForCache, type ObjectCache } from './object-cache.js';
import { OWNED_KINDS, type KindRef } from './owned-kinds.js';
import { buildCollectionPath } from './resource-paths.js';
import { watchResources, type ResourceWatch, type WatchChange } from './watch-resources.js';

/** Namespaces are never pruned and carry no component label: ensureNamespace reads them itself. */
const UNWATCHED = new Set(['Namespace']);

/** The kinds the watch source lists and watches (and the cache serves). */
export const WATCHED_KINDS: readonly KindRef[] = OWNED_KINDS.filter((k) => !UNWATCHED.has(k.kind));

export interface CacheScope {
  /**
   * Namespaces whose objects of namespaced kinds are watched and cached (one watch per kind and
   * namespace); undefined: all namespaces. Objects elsewhere are read from the API server when needed.
   */
  namespaces?: readonly string[];
  /** Objects held per watch; beyond, that kind is read from the API server until its next relist. */
  maxObjects?: number;
}

/**
 * The controller's event source and the informer cache's feed: IstioOperators (in the watched
 * namespaces, or all) and every kind we render, filtered by the component label (every rendered object
 * has it, the shared Base objects too), in the namespaces of `scope`. Each watch's store is registered
 * in `cache`. Only relevant changes (isRelevantChange) wake an owner; a relabelled object wakes its old
 * owner as well. `start` resolves once the IstioOperator watches have listed; kinds not served yet
 * (e.g. before their CRD exists) are retried until they are.
 */
export function createWatchSource(clients: KubeClients, namespaces: readonly string[], logger: ReconcileLogger, cache?: ObjectCache, scope: CacheScope = {}): EventSource {
  const watches: ResourceWatch[] = [];
  let stopped = false;
  return {
    async start(onObject, onCacheSynced) {
      const notify = (obj: KubeObject, change: WatchChange): void => {
        if (!isRelevantChange(obj, change)) return;
        onObject(obj);
        if (change.previous && change.previous !== obj && ownerOf(change.previous) !== ownerOf(obj)) onObject(change.previous);
      };
      const iopBase = `/apis/${IOP_API_VERSION}`;
      const paths = namespaces.length === 0 ? [`${iopBase}/${IOP_PLURAL}`] : namespaces.map((ns) => `${iopBase}/namespaces/${ns}/${IOP_PLURAL}`);
      const synced: Promise<void>[] = paths.map((path) => watch(path, undefined, notify));
      for (const kind of WATCHED_KINDS) void watchKind(kind, notify, onCacheSynced);
      await Promise.all(synced);
    },
    stop() {
      stopped = true;
      for (const w of watches) w.stop();
    },
  };

  function watch(path: string, labelSelector: string | undefined, onEvent: (obj: KubeObject, change: WatchChange) => void, kind?: KindRef, namespace?: string): Promise<void> {
    return new Promise((resolve) => {
      const w = watchResources({
        clients,
        path,
        ...(labelSelector ? { labelSelector } : {}),
        ...(kind ? { transform: trimForCache, maxObjects: scope.maxObjects } : {}),
        onEvent,
        onSynced: resolve,
        onError: (err) => logger.warn({ path, err: (err as Error).message }, 'Watch failed; relisting'),
        // Someone labelled more objects than an installation renders: stop caching rather than grow.
        onOverflow: () => logger.warn({ kind: kind?.kind, namespace, maxObjects: scope.maxObjects }, 'Cache full; reading this kind from the API server until the next relist'),
      });
      watches.push(w);
      if (kind) cache?.register(kind.apiVersion, kind.kind, w, namespace);
    });
  }

  async function watchKind(kind: KindRef, onEvent: (obj: KubeObject, change: WatchChange) => void, onSynced: (() => void) | undefined, delay = 1_000): Promise<void> {
    if (stopped) return;
    try {
      const info = await clients.resources.resolve(kind.apiVersion, kind.kind);
      const inNamespaces = info.namespaced ? scope.namespaces : undefined;
      const lists = inNamespaces
        ? inNamespaces.map((ns) => watch(buildCollectionPath(kind.apiVersion, info, ns), LabelKeys.component, onEvent, kind, ns))
        : [watch(buildCollectionPath(kind.apiVersion, info), LabelKeys.component, onEvent, kind)];
      // Not awaited: a kind's first list must not hold up readiness (until it lists, reads go to the API).
      void Promise.all(lists).then(() => onSynced?.());
    } catch (err) {
      // Unserved kinds (NetworkAttachmentDefinition without Multus) are normal; anything else is worth a line.
      if (!(err instanceof UnservedKindError)) logger.warn({ kind: kind.kind, err: (err as Error).message }, 'Resolving kind failed');
      setTimeout(() => void watchKind(kind, onEvent, onSynced, Math.min(delay * 2, 10_000)), delay).unref();
    }
  }
}

function ownerOf(obj: KubeObject): string {
  if (obj.kind === IOP_KIND) return '';
  return `${obj.metadata.labels?.[LabelKeys.owningResourceNamespace] ?? ''}/${obj.metadata.labels?.[LabelKeys.owningResource] ?? ''}`;
}
