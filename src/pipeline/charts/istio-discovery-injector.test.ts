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
 * A structural check of Go template text: every `{{` closes, and block actions (if/range/with/define/block)
 * pair with `end` in order, with `else` only inside if/range/with.
 */
function checkGoTemplate(text: string): string[] {
  const problems: string[] = [];
  const opens = text.split('{{').length - 1;
  const closes = text.split('}}').length - 1;
  if (opens !== closes) problems.push(`${opens} '{{' but ${closes} '}}'`);
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

describe('istio-sidecar-injector ConfigMap', () => {
  const { config, values } = renderInjector();

  it('holds policy, selectors and the default template list', () => {
    expect(config).toMatchObject({
      defaultTemplates: ['sidecar'], policy: 'enabled', alwaysInjectSelector: [], neverInjectSelector: [], injectedAnnotations: {},
    });
    expect(renderInjector({ global: { proxy: { autoInject: 'disabled' } } }).config.policy).toBe('disabled');
  });

  it('offers the sidecar and gateway templates plus user templates', () => {
    expect(Object.keys(config.templates).sort()).toEqual(['gateway', 'sidecar']);
    const custom = renderInjector({ sidecarInjectorWebhook: { templates: { spire: 'metadata:\n  labels:\n    x: "y"\n' } } });
    expect(custom.config.templates.spire).toBe('metadata:\n  labels:\n    x: "y"\n');
    expect(Object.keys(custom.config.templates).sort()).toEqual(['gateway', 'sidecar', 'spire']);
  });

  it('checks the structural test itself', () => {
    expect(checkGoTemplate('{{ if .A }}x{{ else }}y{{ end }}')).toEqual([]);
    expect(checkGoTemplate('{{ if .A }}x{{ range .B }}')).toEqual(['unclosed: if, range']);
    expect(checkGoTemplate('{{ .A }')).toEqual(["1 '{{' but 0 '}}'"]);
  });

  it.each(['sidecar', 'gateway'])('the %s template is balanced Go-template text', (name) => {
    expect(checkGoTemplate(config.templates[name] ?? '')).toEqual([]);
  });

  it('injects istio-init and istio-proxy with the standard env, ports, probe and volumes', () => {
    const t = config.templates.sidecar ?? '';
    for (const needle of [
      '- name: istio-init', '- istio-iptables', '- name: istio-proxy', 'image: {{ .ProxyImage | quote }}',
      '- sidecar', '$(POD_NAMESPACE).svc.%s" .Values.global.proxy.clusterDomain', 'containerPort: 15090',
      'path: /healthz/ready', 'port: 15021', 'runAsUser: {{ .ProxyUID | default 1337 }}', 'runAsGroup: {{ .ProxyGID | default 1337 }}',
      'traffic.sidecar.istio.io/includeOutboundIPRanges', 'traffic.sidecar.istio.io/excludeInboundPorts',
    ]) expect(t, needle).toContain(needle);
    for (const env of ['POD_NAME', 'POD_NAMESPACE', 'INSTANCE_IP', 'SERVICE_ACCOUNT', 'HOST_IP', 'ISTIO_CPU_LIMIT', 'PROXY_CONFIG', 'ISTIO_META_POD_PORTS', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_WORKLOAD_NAME']) {
      expect(t).toContain(`- name: ${env}\n`);
    }
    for (const volume of ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert']) {
      expect(t).toContain(`- name: ${volume}\n`);
    }
    expect(config.templates.gateway).toContain('- router');
  });

  it('hands the templates the values they read', () => {
    expect(Object.keys(values).sort()).toEqual(['gateways', 'global', 'pilot', 'revision', 'sidecarInjectorWebhook']);
    expect(values.pilot).toEqual({ cni: { enabled: false, provider: 'default' }, env: {} });
    expect(dig(values, 'global.proxy')).toMatchObject({
      clusterDomain: 'cluster.local', statusPort: 15020, includeIPRanges: '*',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
    });
    expect(dig(values, 'global.sds.token.aud')).toBe('istio-ca');
    expect(dig(renderInjector({ revision: 'canary', pilot: { env: { A: 'b' } } }), 'values.pilot.env')).toEqual({ A: 'b' });
  });
});
