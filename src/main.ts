import type { Server } from 'node:http';
import { loadAssets } from './assets/load-assets.js';
import type { RunConfig } from './config.js';
import { runController } from './controller/run-controller.js';
import { WorkQueue } from './controller/work-queue.js';
import { createClusterPort } from './kube/cluster-port.js';
import { createKubeClients } from './kube/kube-client.js';
import { runWithLeaderElection } from './kube/leader-election.js';
import { createObjectCache } from './kube/object-cache.js';
import { createWatchSource } from './kube/watch-source.js';
import { startHealthServer } from './observability/health-server.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createMetricsRecorder } from './observability/metrics-recorder.js';
import { systemClock } from './reconcile/clock.js';
import { createReconciler } from './reconcile/reconcile-istio-operator.js';

const DELETION_TIMEOUT_MS = 5 * 60_000;

/**
 * Composition root of `istio-operator run`: config -> logger -> assets -> kube -> controller.
 * Resolves when the operator has stopped after SIGINT/SIGTERM.
 */
export async function runOperator(config: RunConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  const assets = loadAssets();
  const clients = createKubeClients(config.kubeconfig);
  const metrics = createMetrics();
  let synced = false;
  let stopping = false;
  const server: Server = await startHealthServer(config.port, config.bindAddress, { live: () => !stopping, ready: () => synced }, metrics.registry);
  logger.info({ port: config.port, namespaces: config.namespaces, leaderElect: config.leaderElect }, 'Started istio-operator');

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

  const lead = async (leadership: Promise<void>): Promise<void> => {
    const queue = new WorkQueue();
    // The informer cache lives as long as this term of leadership: its watches feed it and the port reads it.
    const cache = createObjectCache();
    const controller = runController({
      source: createWatchSource(clients, config.namespaces, logger, cache),
      queue,
      reconcile: createReconciler({
        cluster: createClusterPort(clients, logger, (method) => (method === 'GET' ? metrics.apiReads : metrics.apiWrites).inc(), cache),
        assets,
        clock: systemClock,
        logger,
        recorder: createMetricsRecorder(metrics, () => queue.len()),
        options: { progressDeadlineMs: config.progressDeadlineMs, readinessRequeueMs: config.readinessRequeueMs, deletionTimeoutMs: DELETION_TIMEOUT_MS },
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
    await Promise.race([stopped, leadership]);
    await controller.stop();
  };

  if (config.leaderElect) {
    synced = true; // a standby replica is ready: it serves probes and waits for the lease
    await runWithLeaderElection(clients, { namespace: config.leaderElectionNamespace, name: config.leaderElectionId, identity: config.identity }, logger, lead, stopped);
  } else {
    await lead(new Promise<void>(() => undefined));
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  logger.info({}, 'Stopped istio-operator');
}
