import { parseArgs } from 'node:util';
import type { FieldError, Result } from './api/errors.js';

/** Settings of `istio-operator run`; the only place that reads process.env and argv for the operator. */
export interface RunConfig {
  kubeconfig?: string;
  /** Empty: all namespaces. */
  namespaces: string[];
  /** Namespaces whose IstioOperators may take over another installer's objects (`*`: all; empty: none). */
  adoptNamespaces: string[];
  logLevel: string;
  bindAddress: string;
  port: number;
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

export const runOptionsHelp = `  --kubeconfig PATH            kubeconfig to use (default: $KUBECONFIG, then in-cluster)
  --namespaces A,B             watch IstioOperators only in these namespaces (env WATCH_NAMESPACES; default all)
  --adopt-namespaces A,B       IstioOperators in these namespaces may take over objects another installer
                               made, when annotated install.operator.istio.io/adopt: "true" (env
                               ADOPT_NAMESPACES; "*": all; default none)
  --log-level LEVEL            trace|debug|info|warn|error (env LOG_LEVEL; default info)
  --bind-address ADDR          address of the /healthz, /readyz and /metrics server (default 0.0.0.0)
  --port N                     port of that server (env PORT; default 8080)
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
  'adopt-namespaces': { type: 'string' },
  'log-level': { type: 'string' },
  'bind-address': { type: 'string' },
  port: { type: 'string' },
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
  const list = (flag: keyof typeof options, envName: string): string[] =>
    (str(flag, envName) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const namespaces = list('namespaces', 'WATCH_NAMESPACES');
  const adoptNamespaces = list('adopt-namespaces', 'ADOPT_NAMESPACES');
  const config: RunConfig = {
    ...(str('kubeconfig', 'KUBECONFIG') ? { kubeconfig: str('kubeconfig', 'KUBECONFIG') } : {}),
    namespaces,
    adoptNamespaces,
    logLevel: str('log-level', 'LOG_LEVEL') ?? 'info',
    bindAddress: str('bind-address') ?? '0.0.0.0',
    port: num('port', 8080, 'PORT', 0),
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
