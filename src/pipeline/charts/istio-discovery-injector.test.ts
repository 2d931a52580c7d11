import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/json.js';
import { dig, findObject, renderWith } from './chart-test-support.js';

interface InjectorConfig {
  defaultTemplates: string[];
  policy: string;
  alwaysInjectSelector: unknown[];
  neverInjectSelector: unknown[];
  injectedAnnotations: Record<string, string>;
  templates: Record<string, string>;
}

function renderInjector(overrides: JsonObject = {}): { config: InjectorConfig; values: Record<string, unknown> } {
  const cm = findObject(renderWith('istio-discovery', overrides), 'ConfigMap', overrides.revision ? `istio-sidecar-injector-${String(overrides.revision)}` : 'istio-sidecar-injector');
  return {
    config: yaml.load(String(dig(cm, 'data.config'))) as InjectorConfig,
    values: JSON.parse(String(dig(cm, 'data.values'))) as Record<string, unknown>,
  };
}

/**
 * A structural check of Go template text: every `{{` closes before the next one opens, and block actions
 * (if/range/with/define/block) pair with `end` in order, with `else` only inside if/range/with. (istio's own
 * parser runs over these templates in the injection tier, e2e/injection.)
 */
function checkGoTemplate(text: string): string[] {
  const problems: string[] = [];
  const opens = [...text.matchAll(/\{\{/g)].map((m) => m.index);
  opens.forEach((at, i) => {
    const close = text.indexOf('}}', at + 2);
    if (close === -1 || (opens[i + 1] !== undefined && close > (opens[i + 1] as number))) problems.push(`unclosed '{{' at ${at}`);
  });
  const stack: string[] = [];
  for (const match of text.matchAll(/\{\{-?\s*(\/\*[\s\S]*?\*\/|[^}]*?)\s*-?\}\}/g)) {
    const action = (match[1] ?? '').trim();
    if (action.startsWith('/*')) continue;
    const keyword = action.split(/\s+/)[0] ?? '';
    if (['if', 'range', 'with', 'define', 'block'].includes(keyword)) stack.push(keyword);
    else if (keyword === 'end' && stack.pop() === undefined) problems.push('unmatched end');
    else if (keyword === 'else' && !['if', 'range', 'with'].includes(stack[stack.length - 1] ?? '')) problems.push('else outside a block');
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

const TEMPLATES = ['agentgateway', 'agentgateway-waypoint', 'gateway', 'grpc-agent', 'grpc-simple', 'kube-gateway', 'sidecar', 'waypoint'];

describe('istio-sidecar-injector ConfigMap', () => {
  const { config, values } = renderInjector();

  it('holds policy, selectors and the default template list', () => {
    expect(config).toMatchObject({
      defaultTemplates: ['sidecar'], policy: 'enabled', alwaysInjectSelector: [], neverInjectSelector: [], injectedAnnotations: {},
    });
    expect(renderInjector({ global: { proxy: { autoInject: 'disabled' } } }).config.policy).toBe('disabled');
  });

  it('offers all eight templates plus user templates, a user template replacing a built-in one', () => {
    expect(Object.keys(config.templates).sort()).toEqual(TEMPLATES);
    const spire = 'metadata:\n  labels:\n    x: "y"\n';
    const custom = renderInjector({ sidecarInjectorWebhook: { templates: { spire, gateway: 'spec: {}\n' } } });
    expect(custom.config.templates.spire).toBe(spire);
    expect(custom.config.templates.gateway).toBe('spec: {}\n');
    expect(Object.keys(custom.config.templates).sort()).toEqual([...TEMPLATES, 'spire'].sort());
  });

  it('checks the structural test itself', () => {
    expect(checkGoTemplate('{{ if .A }}x{{ else }}y{{ end }}')).toEqual([]);
    expect(checkGoTemplate('{{ if .A }}x{{ range .B }}')).toEqual(['unclosed: if, range']);
    expect(checkGoTemplate('{{ .A }')).toEqual(["unclosed '{{' at 0"]);
    expect(checkGoTemplate('env: [{a: {{ .A }}}]')).toEqual([]);
  });

  it.each(TEMPLATES)('the %s template is balanced Go-template text', (name) => {
    expect(checkGoTemplate(config.templates[name] ?? '')).toEqual([]);
  });

  it('injects capture and proxy containers, the proxy as a restartable init container with native sidecars', () => {
    const t = config.templates.sidecar ?? '';
    for (const needle of [
      'istio-validation{{ else }}istio-init', '- istio-iptables', '- name: istio-proxy', '- sidecar', 'containerPort: 15090',
      'restartPolicy: Always', 'POST, drain]', 'path: /healthz/ready', 'port: 15021', '- name: istio-ca-crl',
    ]) expect(t, needle).toContain(needle);
    for (const env of ['PILOT_CERT_PROVIDER', 'CA_ADDR', 'PROXY_CONFIG', 'ISTIO_META_POD_PORTS', 'GOMEMLIMIT', 'GOMAXPROCS', 'ISTIO_META_MESH_ID', 'TRUST_DOMAIN']) {
      expect(t).toContain(`- name: ${env}\n`);
    }
    expect(config.templates.gateway).toContain('- router');
    expect(config.templates.gateway).toContain('net.ipv4.ip_unprivileged_port_start');
    expect(config.templates['grpc-agent']).toContain('DISABLE_ENVOY');
    expect(config.templates.waypoint).toContain('- waypoint');
    for (const kind of ['ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
      expect(config.templates['kube-gateway']).toContain(`kind: ${kind}\n`);
    }
  });

  it('does what the Istio 1.31 templates do', () => {
    const t = config.templates.sidecar ?? '';
    for (const needle of ['omitNil .Values.global.proxy.resources', '.ProxyInitImage', 'otelResourceAttributes', 'fips140=only', 'trimAll "-_."', '.Values.global.proxy.seccompProfile']) {
      expect(t, needle).toContain(needle);
    }
    expect(t).toContain('resource: limits.memory, divisor: "1"');
    for (const name of ['kube-gateway', 'waypoint']) {
      expect(config.templates[name], name).toContain('"gateway.networking.k8s.io/gateway-class-name" .GatewayClass');
      expect(config.templates[name], name).not.toContain('gateway.networking.k8s.io/v1beta1');
    }
    expect(config.templates.waypoint).toContain('ISTIO_META_REQUESTED_NETWORK_VIEW');
    expect(config.templates.waypoint).not.toContain('terminationGracePeriodSeconds');
    for (const [name, controller] of [['agentgateway', 'istio.io-agentgateway-controller'], ['agentgateway-waypoint', 'istio.io-agentgateway-waypoint-controller']] as const) {
      const text = config.templates[name] ?? '';
      expect(text, name).toContain(controller);
      expect(text, name).toContain('- name: agentgateway');
      expect(text, name).toContain('.AgentgatewayImage');
      for (const kind of ['ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) expect(text, `${name} ${kind}`).toContain(`kind: ${kind}\n`);
    }
    expect(config.templates['agentgateway-waypoint']).toContain('"istio.io/dataplane-mode" "none"');
    expect(config.templates.agentgateway).toContain('net.ipv4.ip_unprivileged_port_start');
  });

  it('hands the templates the values they read', () => {
    expect(Object.keys(values).sort()).toEqual(['gateways', 'global', 'pilot', 'revision', 'sidecarInjectorWebhook']);
    expect(values.pilot).toEqual({ cni: { enabled: false, provider: 'default' }, env: {} });
    expect(dig(values, 'global.waypoint.resources.limits')).toEqual({ cpu: '2', memory: '1Gi' });
    expect(dig(values, 'global.sts.servicePort')).toBe(0);
    expect(dig(values, 'global.proxy')).toMatchObject({
      clusterDomain: 'cluster.local', statusPort: 15020, includeIPRanges: '*',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
    });
    expect(dig(values, 'global.sds.token.aud')).toBe('istio-ca');
    expect(dig(renderInjector({ revision: 'canary', pilot: { env: { A: 'b' } } }), 'values.pilot.env')).toEqual({ A: 'b' });
  });
});
