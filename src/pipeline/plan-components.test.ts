import { describe, expect, it } from 'vitest';
import type { IstioOperatorSpec } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { planComponents, type ComponentPlanSet } from './plan-components.js';
import type { CompiledChart, ComponentPlan } from './types.js';

const chart = (name: string, values: JsonObject): [string, CompiledChart] => [name, { name, values, templates: [] }];

/** Made-up chart defaults: just enough to see the layering. */
const charts = new Map<string, CompiledChart>([
  chart('base', { global: { hub: 'chart-hub', imagePullSecrets: [] }, base: { enableCRDTemplates: true } }),
  chart('istio-discovery', { pilot: { autoscaleEnabled: true, hub: '', tag: '' }, revision: 'chart-rev' }),
  chart('gateways', {
    gateways: {
      'istio-ingressgateway': { name: '', labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, ports: [{ port: 80 }], autoscaleEnabled: true },
      'istio-egressgateway': { name: '', labels: { app: 'istio-egressgateway', istio: 'egressgateway' }, autoscaleEnabled: true },
    },
  }),
  chart('prometheus', { prometheus: { image: 'prom' } }),
  chart('grafana', { grafana: { image: 'graf' } }),
  chart('kiali', { kiali: { image: 'kiali' } }),
  chart('jaeger', { jaeger: { image: 'jaeger' } }),
]);

const defaultSpec: IstioOperatorSpec = {
  hub: 'docker.io/istio',
  tag: '1.31.0',
  components: {
    base: { enabled: true },
    pilot: { enabled: true },
    ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }],
    egressGateways: [{ name: 'istio-egressgateway', enabled: false }],
  },
  values: { global: { istioNamespace: 'istio-system' } },
};

function plan(spec: IstioOperatorSpec): ComponentPlanSet {
  const result = planComponents(spec, charts, { hub: 'docker.io/istio', tag: '1.31.0', k8sSettingsInValues: true, k8sCpuInValues: true });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}
const summary = (p: ComponentPlan): string => `${p.component}/${p.instance}@${p.namespace} (${p.chart})`;
const withComponents = (components: IstioOperatorSpec['components'], extra: IstioOperatorSpec = {}): IstioOperatorSpec => ({
  ...defaultSpec,
  ...extra,
  components: { ...defaultSpec.components, ...components },
});

describe('planComponents: which components, in which order', () => {
  it.each<[string, IstioOperatorSpec, string[]]>([
    ['the default profile', defaultSpec, ['Base/base@istio-system (base)', 'Pilot/istiod@istio-system (istio-discovery)', 'IngressGateways/istio-ingressgateway@istio-system (gateways)']],
    ['an empty spec: base and pilot are on when absent', {}, ['Base/base@istio-system (base)', 'Pilot/istiod@istio-system (istio-discovery)']],
    ['everything off', withComponents({ base: { enabled: false }, pilot: { enabled: false }, ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }] }), []],
    ['a revision', { ...defaultSpec, revision: 'canary', components: { ingressGateways: [] } }, ['Base/base@istio-system (base)', 'Pilot/istiod-canary@istio-system (istio-discovery)']],
    [
      'namespaces: component, istioNamespace',
      withComponents({ pilot: { namespace: 'cp' }, ingressGateways: [{ name: 'gw-a' }, { name: 'gw-b', namespace: 'edge' }] }, { values: { global: { istioNamespace: 'mesh' } } }),
      ['Base/base@mesh (base)', 'Pilot/istiod@cp (istio-discovery)', 'IngressGateways/gw-a@mesh (gateways)', 'IngressGateways/gw-b@edge (gateways)'],
    ],
    [
      'values...egressgateway.enabled forces an egress named after the root',
      { ...defaultSpec, values: { gateways: { 'istio-egressgateway': { enabled: true } } } },
      ['Base/base@istio-system (base)', 'Pilot/istiod@istio-system (istio-discovery)', 'IngressGateways/istio-ingressgateway@istio-system (gateways)', 'EgressGateways/istio-egressgateway@istio-system (gateways)'],
    ],
    [
      'the force-on switch adds nothing when an entry of that kind is enabled',
      withComponents({ egressGateways: [{ name: 'eg1' }] }, { values: { gateways: { 'istio-egressgateway': { enabled: true } } } }),
      ['Base/base@istio-system (base)', 'Pilot/istiod@istio-system (istio-discovery)', 'IngressGateways/istio-ingressgateway@istio-system (gateways)', 'EgressGateways/eg1@istio-system (gateways)'],
    ],
    [
      'values...ingressgateway.enabled: false cannot switch a listed ingress off',
      { ...defaultSpec, values: { gateways: { 'istio-ingressgateway': { enabled: false } } } },
      ['Base/base@istio-system (base)', 'Pilot/istiod@istio-system (istio-discovery)', 'IngressGateways/istio-ingressgateway@istio-system (gateways)'],
    ],
    [
      'addons only when enabled: true, always in a fixed order',
      { ...withComponents({ base: { enabled: false }, pilot: { enabled: false }, ingressGateways: [] }), addonComponents: { jaeger: { enabled: true }, kiali: { enabled: false }, grafana: {}, prometheus: { enabled: true, namespace: 'obs' } } },
      ['Prometheus/prometheus@obs (prometheus)', 'Jaeger/jaeger@istio-system (jaeger)'],
    ],
    [
      'ingress before egress, list order kept',
      withComponents({ egressGateways: [{ name: 'e1' }], ingressGateways: [{ name: 'i2' }, { name: 'off', enabled: false }, { name: 'i1' }] }),
      ['Base/base@istio-system (base)', 'Pilot/istiod@istio-system (istio-discovery)', 'IngressGateways/i2@istio-system (gateways)', 'IngressGateways/i1@istio-system (gateways)', 'EgressGateways/e1@istio-system (gateways)'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(plan(spec).plans.map(summary)).toEqual(expected);
  });

  it('returns the revision and istio namespace', () => {
    expect(plan({ revision: 'canary', values: { global: { istioNamespace: 'mesh' } } })).toMatchObject({ revision: 'canary', istioNamespace: 'mesh' });
    expect(plan({})).toMatchObject({ revision: '', istioNamespace: 'istio-system' });
  });
});

describe('planComponents: values and context', () => {
  it('layers chart defaults < translated spec values < component overrides', () => {
    const [base, pilot] = plan({ hub: 'my.reg', components: { pilot: { hub: 'pilot.reg', tag: 5 }, ingressGateways: [] } }).plans;
    expect(base?.values).toMatchObject({ global: { hub: 'my.reg', tag: '1.31.0', imagePullSecrets: [] }, base: { enableCRDTemplates: true }, revision: '' });
    expect(pilot?.values).toMatchObject({ pilot: { enabled: true, autoscaleEnabled: true, hub: 'pilot.reg', tag: '5' }, global: { hub: 'my.reg' }, revision: '' });
    expect(base?.values.pilot).toEqual({ enabled: true, cni: { enabled: false } });
  });

  it('gives each gateway its own Gateway context', () => {
    const spec = withComponents({
      ingressGateways: [
        { name: 'public', label: { istio: 'public-gw', team: 'edge' }, hub: 'gw.reg', k8s: { service: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] }, replicaCount: 2 } },
        { name: 'internal' },
      ],
    });
    const [publicGw, internalGw] = plan(spec).plans.filter((p) => p.component === 'IngressGateways');
    expect(publicGw?.context).toEqual({
      Gateway: {
        name: 'public',
        labels: { app: 'istio-ingressgateway', istio: 'public-gw', team: 'edge' },
        ports: [{ name: 'https', port: 443, targetPort: 8443 }],
        autoscaleEnabled: true,
        hub: 'gw.reg',
        // Istio 1.31: k8s.replicaCount is copied into the values too (the chart's PDB guard reads it).
        replicaCount: 2,
      },
      GatewayKind: 'ingress',
      GatewayComponent: 'IngressGateways',
    });
    expect(publicGw?.values.gateways).toMatchObject({ 'istio-ingressgateway': publicGw?.context?.Gateway as JsonObject });
    expect(publicGw?.k8s).toEqual(spec.components?.ingressGateways?.[0]?.k8s);
    expect(internalGw?.context?.Gateway).toEqual({ name: 'internal', labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, ports: [{ port: 80 }], autoscaleEnabled: true });
    expect(internalGw?.k8s).toBeUndefined();
  });

  it('gives a forced egress gateway the egress context', () => {
    const egress = plan({ values: { gateways: { 'istio-egressgateway': { enabled: true } } } }).plans.find((p) => p.component === 'EgressGateways');
    expect(egress?.context).toMatchObject({ Gateway: { name: 'istio-egressgateway', labels: { app: 'istio-egressgateway' } }, GatewayKind: 'egress', GatewayComponent: 'EgressGateways' });
  });

  it('shares no objects between plans or with the charts', () => {
    const plans = plan(withComponents({ ingressGateways: [{ name: 'a' }, { name: 'b' }] })).plans;
    ((plans[2]?.values.gateways as JsonObject)['istio-ingressgateway'] as JsonObject).labels = {};
    expect(plans[3]?.context?.Gateway).toMatchObject({ labels: { app: 'istio-ingressgateway' } });
    expect(charts.get('gateways')?.values).toMatchObject({ gateways: { 'istio-ingressgateway': { name: '' } } });
  });
});

describe('planComponents: errors and warnings', () => {
  it('names every missing chart', () => {
    const only = new Map([chart('base', {})]);
    expect(planComponents({ addonComponents: { kiali: { enabled: true } } }, only, { hub: 'docker.io/istio', tag: '1.31.0', k8sSettingsInValues: true, k8sCpuInValues: true })).toEqual({
      ok: false,
      errors: [
        { path: 'spec.components.pilot', reason: 'chart "istio-discovery" for component Pilot is not available' },
        { path: 'spec.addonComponents.kiali', reason: 'chart "kiali" for component Kiali is not available' },
      ],
    });
  });

  it.each<[string, IstioOperatorSpec, string[]]>([
    ['no explicit autoscaling', withComponents({ pilot: { k8s: { replicaCount: 3 } } }), []],
    [
      'pilot replicas with autoscaling explicitly on',
      withComponents({ pilot: { k8s: { replicaCount: 3 } } }, { values: { pilot: { autoscaleEnabled: true } } }),
      ['components.pilot.k8s.replicaCount has no lasting effect while values.pilot.autoscaleEnabled is true: the autoscaler owns the replica count'],
    ],
    ['one pilot replica is fine', withComponents({ pilot: { k8s: { replicaCount: 1 } } }, { values: { pilot: { autoscaleEnabled: true } } }), []],
    [
      'gateway replicas with autoscaling explicitly on',
      withComponents({ ingressGateways: [{ name: 'gw', k8s: { replicaCount: 2 } }] }, { values: { gateways: { 'istio-ingressgateway': { autoscaleEnabled: true } } } }),
      ['components.ingressGateways[name=gw].k8s.replicaCount has no lasting effect while values.gateways.istio-ingressgateway.autoscaleEnabled is true: the autoscaler owns the replica count'],
    ],
    ['gateway replicas with autoscaling off', withComponents({ ingressGateways: [{ name: 'gw', k8s: { replicaCount: 2 } }] }, { values: { gateways: { 'istio-ingressgateway': { autoscaleEnabled: false } } } }), []],
  ])('%s', (_name, spec, warnings) => {
    expect(plan(spec).warnings).toEqual(warnings);
  });
});
