import { execFileSync } from 'node:child_process';
import yaml from 'js-yaml';
import type { KubeObject } from '../../src/api/kube-object.js';

/** The files istiod reads from its working directory in place of the mesh and injector ConfigMaps. */
export type IstiodFiles = Record<string, string>;

/**
 * Upstream's own mesh config and injector configuration for the same install, produced at test time by
 * the built istioctl (`manifest generate`); nothing of it is committed. Returned as the files a pod
 * would mount (etc/istio/config/mesh, var/lib/istio/inject/{config,values}), so an istiod started with
 * them uses upstream's config while everything else (its env, args, cluster) stays the same.
 */
export function generateUpstreamIstiodFiles(istioctl: string, sets: readonly string[]): IstiodFiles {
  const out = execFileSync(istioctl, ['manifest', 'generate', ...sets.flatMap((s) => ['--set', s])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const docs = yaml.loadAll(out).filter((d): d is KubeObject => typeof d === 'object' && d !== null && 'kind' in d);
  const data = (name: string): Record<string, string> => {
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === name);
    if (!cm) throw new Error(`istioctl manifest generate ${sets.join(' ')} rendered no ConfigMap ${name}`);
    return (cm.data ?? {}) as Record<string, string>;
  };
  const revision = sets.find((s) => s.startsWith('revision='))?.slice('revision='.length);
  const suffix = revision ? `-${revision}` : '';
  const injector = data(`istio-sidecar-injector${suffix}`);
  return {
    'etc/istio/config/mesh': data(`istio${suffix}`).mesh ?? '',
    'var/lib/istio/inject/config': injector.config ?? '',
    'var/lib/istio/inject/values': injector.values ?? '',
  };
}
