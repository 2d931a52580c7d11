import type { JsonObject } from '../../src/api/json.js';
import { INJECTION_CASES, type InjectionCase } from './injection-pods.js';

/**
 * The installations the real istiod runs on, side by side in one namespace as in a canary upgrade: the
 * demo profile (default revision) and a minimal install of revision `canary`. Sharing the namespace
 * means one CA (istio-ca-secret) and one leader for the cluster-wide controllers; istiods of two
 * namespaces would each write their own root into every namespace's istio-ca-root-cert and fight.
 */
export interface IstiodInstall {
  /** The IstioOperator's name. */
  name: string;
  /** The `istio.io/rev` value of everything it renders. */
  revision: string;
  /** Name of its istiod Deployment and Service. */
  istiod: string;
  spec(namespace: string): JsonObject;
  /** `istioctl manifest generate --set` flags that render the same install upstream. */
  upstreamSets(namespace: string): string[];
  /** The pods sent to its /inject. */
  injectionCases: InjectionCase[];
}


const withRevisionLabel = (c: InjectionCase, revision: string): InjectionCase => {
  const metadata = (c.pod.metadata ?? {}) as JsonObject;
  const labels = (metadata.labels ?? {}) as JsonObject;
  return { name: c.name, pod: { ...c.pod, metadata: { ...metadata, labels: { ...labels, 'istio.io/rev': revision } } } };
};

/** The demo install and the canary beside it, of one release: the spec's tag selects its pack. */
export function buildIstiodInstalls(release: string): readonly IstiodInstall[] {
  return [
    {
      name: 'demo',
      revision: 'default',
      istiod: 'istiod',
      spec: (namespace) => ({ profile: 'demo', tag: release, values: { global: { istioNamespace: namespace } } }),
      upstreamSets: (namespace) => ['profile=demo', `tag=${release}`, `values.global.istioNamespace=${namespace}`],
      injectionCases: INJECTION_CASES,
    },
    {
      name: 'canary',
      revision: 'canary',
      istiod: 'istiod-canary',
      spec: (namespace) => ({ profile: 'minimal', tag: release, revision: 'canary', values: { global: { istioNamespace: namespace } } }),
      upstreamSets: (namespace) => ['profile=minimal', `tag=${release}`, 'revision=canary', `values.global.istioNamespace=${namespace}`],
      // Pods that chose the canary revision, as its webhooks' selectors expect.
      injectionCases: INJECTION_CASES.map((c) => withRevisionLabel(c, 'canary')),
    },
  ];
}
