import type { Server } from 'node:http';
import { loadBuiltCatalog } from './assets/load-built-assets.js';
import { resolveCacheNamespaces, type ListenAddress, type RunConfig } from './config.js';
import { runController } from './controller/run-controller.js';
import { WorkQueue } from './controller/work-queue.js';
import { createClusterPort } from './kube/cluster-port.js';
import { createKubeClients, fenceClients, type KubeClients } from './kube/kube-client.js';
import { runWithLeaderElection } from './kube/leader-election.js';
import { createObjectCache } from './kube/object-cache.js';
import { createWatchSource } from './kube/watch-source.js';
import { startHealthServer, type HealthProbes } from './observability/health-server.js';
import { createLogger } from './observability/logger.js';
import { createMetrics, type OperatorMetrics } from './observability/metrics.js';
import { createMetricsRecorder } from './observability/metrics-recorder.js';
import { systemClock } from './reconcile/clock.js';
import { createReconciler } from './reconcile/reconcile-istio-operator.js';

const DELETION_TIMEOUT_MS = 5 * 60_000;

/** How long in-flight reconciles may take to wind down after the lease was lost (their requests are cancelled). */
const LOST_LEADERSHIP_DRAIN_MS = 5_000;

/**
 * Composition root of `istio-operator run`: config -> logger -> packs -> kube -> controller.
 * Resolves with the exit code: 0 after SIGINT/SIGTERM, 1 when leadership was lost (like
 * controller-runtime, the process exits and its pod restarts as a fresh candidate).
 */
export async function runOperator(config: RunConfig): Promise<number> {
  const logger = createLogger(config.logLevel);
  // Each pack is read when an IstioOperator first needs it (memory grows with the releases in use, not
  // with the releases installed); the default one is read now, so a broken build fails at start-up.
  const packs = loadBuiltCatalog();
  const newest = packs.load(packs.defaultVersion);
  [...newest.charts.values()].forEach(() => undefined);
  newest.istioCrds();
  const clients = createKubeClients(config.kubeconfig, { timeoutMs: config.requestTimeoutMs });
  const metrics = createMetrics();
  let synced = false;
  let stopping = false;
  const servers: Server[] = await startListeners(config, { live: () => !stopping, ready: () => synced }, metrics.registry);
  logger.info({ probes: formatAddress(config.probeAddress), metrics: config.metricsAddress ? formatAddress(config.metricsAddress) : 'off', namespaces: config.namespaces, installNamespaces: config.installNamespaces, leaderElect: config.leaderElect }, 'Started istio-operator');

  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'Received signal; stopping');
      resolve();
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });

  const lead = async (term: AbortSignal, leading?: () => boolean): Promise<void> => {
    // Every request of this term's controller is refused or cancelled the moment the term ends.
    const termClients: KubeClients = fenceClients(clients, term, leading);
    const queue = new WorkQueue();
    // The informer cache lives as long as this term of leadership: its watches feed it and the port reads it.
    const cache = createObjectCache();
    const controller = runController({
      source: createWatchSource(termClients, config.namespaces, logger, cache, { namespaces: resolveCacheNamespaces(config), maxObjects: config.cacheMaxObjects }),
      queue,
      reconcile: createReconciler({
        cluster: createClusterPort(termClients, logger, (method) => (method === 'GET' ? metrics.apiReads : metrics.apiWrites).inc(), cache),
        packs,
        clock: systemClock,
        logger,
        recorder: createMetricsRecorder(metrics, () => queue.len()),
        options: { progressDeadlineMs: config.progressDeadlineMs, readinessRequeueMs: config.readinessRequeueMs, deletionTimeoutMs: DELETION_TIMEOUT_MS, installNamespaces: config.installNamespaces, adoptNamespaces: config.adoptNamespaces },
      }),
      concurrency: config.concurrency,
      watchedNamespaces: config.namespaces,
      resyncPeriodMs: config.resyncPeriodMs,
      callbacks: { onHandlerError: (key, err) => logger.error({ istioOperator: key, err: (err as Error).message }, 'Reconcile threw') },
    });
    controller.synced.then(
      () => {
        synced = true;
        logger.info({}, 'Watches synced; reconciling');
      },
      (err: Error) => logger.error({ err: err.message }, 'Watches failed to start'),
    );
    const lost = new Promise<void>((resolve) => term.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([stopped, lost]);
    const draining = controller.stop();
    if (term.aborted) await Promise.race([draining, new Promise((r) => setTimeout(r, LOST_LEADERSHIP_DRAIN_MS).unref())]);
    else await draining;
  };

  let end: 'stopped' | 'lost' = 'stopped';
  if (config.leaderElect) {
    synced = true; // a standby replica is ready: it serves probes and waits for the lease
    end = await runWithLeaderElection(clients, { namespace: config.leaderElectionNamespace, name: config.leaderElectionId, identity: config.identity }, logger, lead, stopped);
  } else {
    await lead(new AbortController().signal);
  }
  stopping = true;
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (end === 'lost') {
    logger.error({ identity: config.identity }, 'Exiting after losing leadership');
    return 1;
  }
  logger.info({}, 'Stopped istio-operator');
  return 0;
}

const formatAddress = (a: ListenAddress): string => (a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`);

/** The probe listener, and the metrics one unless it is off or bound to the same address (then one serves both). */
async function startListeners(config: RunConfig, probes: HealthProbes, registry: OperatorMetrics['registry']): Promise<Server[]> {
  const metrics = config.metricsAddress;
  const shared = metrics !== undefined && formatAddress(metrics) === formatAddress(config.probeAddress);
  const servers = [await startHealthServer(config.probeAddress.port, config.probeAddress.host, shared ? { probes, registry } : { probes })];
  if (metrics && !shared) servers.push(await startHealthServer(metrics.port, metrics.host, { registry }));
  return servers;
}
