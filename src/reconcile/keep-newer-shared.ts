import { identityOf, type KubeObject } from '../api/kube-object.js';
import { compareVersionText, parseIstioVersion } from '../packs/istio-version.js';
import type { LiveObjects } from './ports.js';

/** The release label Istio's charts, and ours, put on the shared objects. */
const VERSION_LABEL = 'app.kubernetes.io/version';

/**
 * The shared Base objects (the Istio CRDs, the reader account; ADR 3) are rendered by every installation:
 * the cluster keeps the newest release's copy. A shared object whose live copy a newer release wrote is
 * left out of this apply, so an older installation never downgrades it and two installations of different
 * releases never write it in turn. `shared` holds the identities of the Base objects. Pure.
 */
export function keepNewerShared(desired: readonly KubeObject[], shared: ReadonlySet<string>, live: LiveObjects, release: string): { apply: KubeObject[]; kept: KubeObject[] } {
  const apply: KubeObject[] = [];
  const kept: KubeObject[] = [];
  for (const obj of desired) {
    const id = identityOf(obj);
    const liveVersion = shared.has(id) ? live.get(id)?.metadata.labels?.[VERSION_LABEL] : undefined;
    const newer = liveVersion !== undefined && parseIstioVersion(liveVersion) !== undefined && compareVersionText(liveVersion, release) > 0;
    (newer ? kept : apply).push(obj);
  }
  return { apply, kept };
}
