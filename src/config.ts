import { parseArgs } from 'node:util';
import type { FieldError, Result } from './api/errors.js';

/** Settings of `istio-operator run`; the only place that reads process.env and argv for the operator. */
export interface RunConfig {
  kubeconfig?: string;
  /** Namespaces whose IstioOperators are reconciled; empty: all namespaces. */
  namespaces: string[];
  /** Namespaces an IstioOperator may install into besides its own; `['*']`: any. */
  installNamespaces: string[];
  /** Namespaces whose IstioOperators may take over another installer's objects (`*`: all; empty: none). */
  adoptNamespaces: string[];
  logLevel: string;
  /** Where /metrics listens; undefined: not served. */
  metricsAddress: ListenAddress | undefined;
  /** Where /healthz and /readyz listen (the kubelet must reach them). */
  probeAddress: ListenAddress;
  /** Objects the informer cache holds per kind and namespace before it falls back to API reads. */
  cacheMaxObjects: number;
  concurrency: number;
  progressDeadlineMs: number;
  readinessRequeueMs: number;
  resyncPeriodMs: number;
  /** Deadline of every API request except watches (which have their own idle deadline). */
  requestTimeoutMs: number;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  /** Identity written into the lease; the pod name in a cluster. */
  identity: string;
}

export interface ListenAddress {
  host: string;
  port: number;
}

/** Where IstioOperators may install by default, besides their own namespace: Istio's usual namespaces. */
export const DEFAULT_INSTALL_NAMESPACES = ['istio-system', 'istio-ingress', 'istio-egress'];

export const runOptionsHelp = `  --kubeconfig PATH            kubeconfig to use (default: $KUBECONFIG, then in-cluster)
  --namespaces A,B             watch IstioOperators only in these namespaces (env WATCH_NAMESPACES; default or *: all)
  --install-namespaces A,B     namespaces an IstioOperator may install into besides its own (env INSTALL_NAMESPACES;
                               default ${DEFAULT_INSTALL_NAMESPACES.join(',')}; *: any)
  --adopt-namespaces A,B       IstioOperators in these namespaces may take over objects another installer
                               made, when annotated install.operator.istio.io/adopt: "true" (env
                               ADOPT_NAMESPACES; "*": all; default none)
  --log-level LEVEL            trace|debug|info|warn|error (env LOG_LEVEL; default info)
  --metrics-bind-address A:P   where /metrics listens (env METRICS_BIND_ADDRESS; default 127.0.0.1:8080; 0: off)
  --health-probe-bind-address A:P  where /healthz and /readyz listen (env HEALTH_PROBE_BIND_ADDRESS; default :8081)
  --cache-max-objects N        objects cached per kind and namespace; beyond, that kind is read from the API
                               (env CACHE_MAX_OBJECTS; default 2000)
  --concurrency N              IstioOperators reconciled at once (default 2)
  --progress-deadline SECONDS  how long components may take to become ready before Stalled (default 600)
  --readiness-requeue SECONDS  how often to re-check readiness while progressing (default 5)
  --resync-period SECONDS      reconcile every IstioOperator this often even without events (default 600; 0: off)
  --request-timeout SECONDS    deadline of every API request, watches excepted (default 30)
  --leader-elect               take a coordination.k8s.io Lease before reconciling (env LEADER_ELECT=true)
  --leader-election-namespace  namespace of the Lease (env POD_NAMESPACE; default istio-operator)
  --leader-election-id NAME    name of the Lease (default istio-operator-leader)`;

const options = {
  kubeconfig: { type: 'string' },
  namespaces: { type: 'string' },
  'install-namespaces': { type: 'string' },
  'adopt-namespaces': { type: 'string' },
  'log-level': { type: 'string' },
  'metrics-bind-address': { type: 'string' },
  'health-probe-bind-address': { type: 'string' },
  'cache-max-objects': { type: 'string' },
  concurrency: { type: 'string' },
  'progress-deadline': { type: 'string' },
  'readiness-requeue': { type: 'string' },
  'resync-period': { type: 'string' },
  'request-timeout': { type: 'string' },
  'leader-elect': { type: 'boolean' },
  'leader-election-namespace': { type: 'string' },
  'leader-election-id': { type: 'string' },
} as const;

/** Flags win over environment variables, which win over defaults. Every bad value is reported. */
export function resolveRunConfig(args: string[], env: NodeJS.ProcessEnv = process.env): Result<RunConfig> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return { ok: false, errors: [{ path: 'run', reason: (e as Error).message }] };
  }
  const errors: FieldError[] = [];
  const str = (flag: keyof typeof options, envName?: string): string | undefined => {
    const v = values[flag];
    return typeof v === 'string' ? v : envName ? env[envName] : undefined;
  };
  const num = (flag: keyof typeof options, fallback: number, envName?: string, min = 1): number => {
    const raw = str(flag, envName);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) errors.push({ path: `--${flag}`, reason: `expected an integer >= ${min}, got "${raw}"` });
    return n;
  };
  const list = (raw: string | undefined): string[] => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const address = (flag: keyof typeof options, envName: string, fallback: string): ListenAddress | undefined => {
    const raw = str(flag, envName) || fallback;
    if (raw === '0') return undefined;
    const parsed = parseListenAddress(raw);
    if (!parsed) errors.push({ path: `--${flag}`, reason: `expected HOST:PORT, :PORT or 0, got "${raw}"` });
    return parsed;
  };
  const watched = list(str('namespaces', 'WATCH_NAMESPACES'));
  const install = list(str('install-namespaces', 'INSTALL_NAMESPACES'));
  const probeAddress = address('health-probe-bind-address', 'HEALTH_PROBE_BIND_ADDRESS', ':8081');
  if (!probeAddress) errors.push({ path: '--health-probe-bind-address', reason: 'the probes cannot be switched off' });
  const config: RunConfig = {
    ...(str('kubeconfig', 'KUBECONFIG') ? { kubeconfig: str('kubeconfig', 'KUBECONFIG') } : {}),
    namespaces: watched.includes('*') ? [] : watched,
    installNamespaces: install.includes('*') ? ['*'] : install.length > 0 ? install : DEFAULT_INSTALL_NAMESPACES,
    adoptNamespaces: list(str('adopt-namespaces', 'ADOPT_NAMESPACES')),
    logLevel: str('log-level', 'LOG_LEVEL') ?? 'info',
    metricsAddress: address('metrics-bind-address', 'METRICS_BIND_ADDRESS', '127.0.0.1:8080'),
    probeAddress: probeAddress ?? { host: '0.0.0.0', port: 8081 },
    cacheMaxObjects: num('cache-max-objects', 2000, 'CACHE_MAX_OBJECTS'),
    concurrency: num('concurrency', 2),
    progressDeadlineMs: num('progress-deadline', 600) * 1000,
    readinessRequeueMs: num('readiness-requeue', 5) * 1000,
    resyncPeriodMs: num('resync-period', 600, undefined, 0) * 1000,
    requestTimeoutMs: num('request-timeout', 30) * 1000,
    leaderElect: values['leader-elect'] === true || env.LEADER_ELECT === 'true',
    leaderElectionNamespace: str('leader-election-namespace', 'POD_NAMESPACE') ?? 'istio-operator',
    leaderElectionId: str('leader-election-id') ?? 'istio-operator-leader',
    identity: env.POD_NAME ?? `${env.HOSTNAME ?? 'istio-operator'}-${process.pid}`,
  };
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(config.logLevel)) {
    errors.push({ path: '--log-level', reason: `unknown level "${config.logLevel}"` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: config };
}

/** `HOST:PORT`, `[IPV6]:PORT` or `:PORT` (every IPv4 interface), as controller-runtime's bind addresses. */
export function parseListenAddress(raw: string): ListenAddress | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(raw.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/**
 * Namespaces whose owned objects the operator caches: where IstioOperators are watched (their own
 * namespace is always allowed) and where they may install. Undefined (all) when either is unbounded.
 */
export function resolveCacheNamespaces(config: Pick<RunConfig, 'namespaces' | 'installNamespaces'>): string[] | undefined {
  if (config.namespaces.length === 0 || config.installNamespaces.includes('*')) return undefined;
  return [...new Set([...config.namespaces, ...config.installNamespaces])].sort();
}
