import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from './config.js';

describe('resolveRunConfig', () => {
  it('has production defaults', () => {
    const config = resolveRunConfig([], {});
    expect(config).toMatchObject({
      ok: true,
      value: { namespaces: [], logLevel: 'info', port: 8080, concurrency: 2, progressDeadlineMs: 600_000, readinessRequeueMs: 5_000, resyncPeriodMs: 600_000, requestTimeoutMs: 30_000, leaderElect: false },
    });
  });

  it('takes environment variables and lets flags win over them', () => {
    const env = { WATCH_NAMESPACES: 'a, b', LOG_LEVEL: 'debug', PORT: '9000', LEADER_ELECT: 'true', POD_NAMESPACE: 'ops', POD_NAME: 'op-0' };
    const config = resolveRunConfig(['--namespaces', 'c', '--resync-period', '0'], env);
    expect(config).toMatchObject({
      ok: true,
      value: { namespaces: ['c'], logLevel: 'debug', port: 9000, leaderElect: true, leaderElectionNamespace: 'ops', identity: 'op-0', resyncPeriodMs: 0 },
    });
  });

  it('reports every bad value, each naming its flag', () => {
    const config = resolveRunConfig(['--concurrency', '0', '--port', 'http', '--log-level', 'loud'], {});
    expect(config.ok).toBe(false);
    if (config.ok) return;
    expect(config.errors.map((e) => e.path)).toEqual(['--port', '--concurrency', '--log-level']);
    expect(config.errors[0]?.reason).toBe('expected an integer >= 0, got "http"');
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
