import { identityOf, type KubeObject } from '../api/kube-object.js';
import { compareVersionText, parseIstioVersion } from '../packs/istio-version.js';
import type { LiveObjects } from './ports.js';

/** The release label Istio's charts, and ours, put on every CRD. */
const VERSION_LABEL = 'app.kubernetes.io/version';

/**
 * The Istio CRDs are cluster-wide and every installation renders them: the cluster keeps the newest
 * release's set. A CRD whose live copy a newer release wrote is left out of this apply, so an older
 * installation never downgrades it and two installations of different releases never write it in turn.
 * Pure.
 */
export function keepNewerCrds(desired: readonly KubeObject[], live: LiveObjects, release: string): { apply: KubeObject[]; kept: KubeObject[] } {
  const apply: KubeObject[] = [];
  const kept: KubeObject[] = [];
  for (const obj of desired) {
    const liveVersion = obj.kind === 'CustomResourceDefinition' ? live.get(identityOf(obj))?.metadata.labels?.[VERSION_LABEL] : undefined;
    const newer = liveVersion !== undefined && parseIstioVersion(liveVersion) !== undefined && compareVersionText(liveVersion, release) > 0;
    (newer ? kept : apply).push(obj);
  }
  return { apply, kept };
}
