import { IOP_API_VERSION, IOP_PLURAL } from '../api/istio-operator.js';
import type { KubeObject } from '../api/kube-object.js';
import { LabelKeys } from '../api/labels.js';
import type { EventSource } from '../controller/run-controller.js';
import type { ReconcileLogger } from '../reconcile/reconcile-logger.js';
import type { KubeClients } from './kube-client.js';
import { UnservedKindError } from './kube-errors.js';
import { changesOnlyForeignFields } from './foreign-fields.js';
import { OWNED_KINDS } from './owned-kinds.js';
import { buildCollectionPath } from './resource-paths.js';
import { watchResources, type ResourceWatch } from './watch-resources.js';

/** Kinds whose changes we do not need to see: CRDs are never pruned and Namespaces never drift back. */
const UNWATCHED = new Set(['CustomResourceDefinition', 'Namespace']);

/**
 * The controller's event source: IstioOperators (in the watched namespaces, or all) and every kind we
 * render, filtered by the ownership label so drift and deletions of our objects wake their owner.
 * Changes to fields another controller owns (foreign-fields.ts) are not reported.
 * `start` resolves once every watch has listed. Kinds not served yet (e.g. before their CRD exists)
 * are retried until they are.
 */
export function createWatchSource(clients: KubeClients, namespaces: readonly string[], logger: ReconcileLogger): EventSource {
  const watches: ResourceWatch[] = [];
  let stopped = false;
  return {
    async start(onObject) {
      const iopBase = `/apis/${IOP_API_VERSION}`;
      const paths = namespaces.length === 0 ? [`${iopBase}/${IOP_PLURAL}`] : namespaces.map((ns) => `${iopBase}/namespaces/${ns}/${IOP_PLURAL}`);
      const synced: Promise<void>[] = paths.map((path) => watch(path, undefined, onObject));
      for (const kind of OWNED_KINDS.filter((k) => !UNWATCHED.has(k.kind))) void watchKind(kind, onObject);
      await Promise.all(synced);
    },
    stop() {
      stopped = true;
      for (const w of watches) w.stop();
    },
  };

  function watch(path: string, labelSelector: string | undefined, onObject: (obj: KubeObject) => void): Promise<void> {
    return new Promise((resolve) => {
      watches.push(
        watchResources({
          clients,
          path,
          ...(labelSelector ? { labelSelector } : {}),
          onEvent: onObject,
          // istiod keeping its webhook fields current wakes nothing: we leave those fields alone.
          isIgnoredChange: changesOnlyForeignFields,
          onSynced: resolve,
          onError: (err) => logger.warn({ path, err: (err as Error).message }, 'Watch failed; relisting'),
        }),
      );
    });
  }

  async function watchKind(kind: { apiVersion: string; kind: string }, onObject: (obj: KubeObject) => void, delay = 1_000): Promise<void> {
    if (stopped) return;
    try {
      const info = await clients.resources.resolve(kind.apiVersion, kind.kind);
      // Not awaited: a kind's first list must not hold up readiness (its objects map to owners anyway).
      void watch(buildCollectionPath(kind.apiVersion, info), LabelKeys.owningResource, onObject);
    } catch (err) {
      // Unserved kinds (EnvoyFilter before Istio's CRDs) are normal; anything else is worth a line.
      if (!(err instanceof UnservedKindError)) logger.warn({ kind: kind.kind, err: (err as Error).message }, 'Resolving kind failed');
      setTimeout(() => void watchKind(kind, onObject, Math.min(delay * 2, 60_000)), delay).unref();
    }
  }
}
