import { describe, expect, it } from 'vitest';
import { parseListenAddress, resolveCacheNamespaces, resolveRunConfig } from './config.js';

describe('resolveRunConfig', () => {
  it('has production defaults: metrics on loopback only, probes on every interface, installs limited to Istio namespaces', () => {
    const config = resolveRunConfig([], {});
    expect(config).toMatchObject({
      ok: true,
      value: {
        namespaces: [],
        installNamespaces: ['istio-system', 'istio-ingress', 'istio-egress'],
        logLevel: 'info',
        metricsAddress: { host: '127.0.0.1', port: 8080 },
        probeAddress: { host: '0.0.0.0', port: 8081 },
        cacheMaxObjects: 2000,
        concurrency: 2,
        progressDeadlineMs: 600_000,
        readinessRequeueMs: 5_000,
        resyncPeriodMs: 600_000,
        requestTimeoutMs: 30_000,
        leaderElect: false,
      },
    });
  });

  it('takes environment variables and lets flags win over them', () => {
    const env = { WATCH_NAMESPACES: 'a, b', INSTALL_NAMESPACES: 'x', LOG_LEVEL: 'debug', METRICS_BIND_ADDRESS: ':9000', LEADER_ELECT: 'true', POD_NAMESPACE: 'ops', POD_NAME: 'op-0' };
    const config = resolveRunConfig(['--namespaces', 'c', '--resync-period', '0', '--install-namespaces', 'y,z'], env);
    expect(config).toMatchObject({
      ok: true,
      value: { namespaces: ['c'], installNamespaces: ['y', 'z'], logLevel: 'debug', metricsAddress: { host: '0.0.0.0', port: 9000 }, leaderElect: true, leaderElectionNamespace: 'ops', identity: 'op-0', resyncPeriodMs: 0 },
    });
  });

  it('reads "*" as every namespace, and a metrics address of 0 as no metrics server', () => {
    expect(resolveRunConfig(['--namespaces', '*', '--install-namespaces', '*', '--metrics-bind-address', '0'], {})).toMatchObject({
      ok: true,
      value: { namespaces: [], installNamespaces: ['*'], metricsAddress: undefined },
    });
  });

  it('reports every bad value, each naming its flag', () => {
    const config = resolveRunConfig(['--concurrency', '0', '--metrics-bind-address', 'http', '--log-level', 'loud', '--health-probe-bind-address', '0'], {});
    expect(config.ok).toBe(false);
    if (config.ok) return;
    expect(config.errors.map((e) => e.path)).toEqual(['--health-probe-bind-address', '--metrics-bind-address', '--concurrency', '--log-level']);
    expect(config.errors[1]?.reason).toBe('expected HOST:PORT, :PORT or 0, got "http"');
  });

  it('takes a request timeout in seconds', () => {
    expect(resolveRunConfig(['--request-timeout', '5'], {})).toMatchObject({ ok: true, value: { requestTimeoutMs: 5_000 } });
    expect(resolveRunConfig(['--request-timeout', '0'], {}).ok).toBe(false);
  });

  it('rejects unknown flags', () => {
    const config = resolveRunConfig(['--frobnicate'], {});
    expect(config.ok).toBe(false);
  });
});

describe('parseListenAddress', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    [':8081', { host: '0.0.0.0', port: 8081 }],
    ['[::1]:9090', { host: '::1', port: 9090 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])('%s', (raw, expected) => expect(parseListenAddress(raw)).toEqual(expected));

  it.each(['8080', 'host:', 'host:99999', '::1:80'])('refuses %s', (raw) => expect(parseListenAddress(raw)).toBeUndefined());
});

describe('resolveCacheNamespaces', () => {
  it('caches the watched and the install namespaces, once each', () => {
    expect(resolveCacheNamespaces({ namespaces: ['istio-system', 'team-a'], installNamespaces: ['istio-system', 'istio-ingress'] })).toEqual(['istio-ingress', 'istio-system', 'team-a']);
  });

  it('caches every namespace when IstioOperators may be anywhere or install anywhere', () => {
    expect(resolveCacheNamespaces({ namespaces: [], installNamespaces: ['istio-system'] })).toBeUndefined();
    expect(resolveCacheNamespaces({ namespaces: ['istio-system'], installNamespaces: ['*'] })).toBeUndefined();
  });
});
