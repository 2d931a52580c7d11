import type { ComponentReadiness } from '../reconcile/assess-readiness.js';

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  /** Injected so unit tests run without real time passing. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const WaitResults = { ready: 'ready', failed: 'failed', timedOut: 'timedOut' } as const;
export type WaitResult = (typeof WaitResults)[keyof typeof WaitResults];

export interface WaitOutcome {
  result: WaitResult;
  components: ComponentReadiness[];
  waitedMs: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls readiness until every component is ready, one reports a permanent failure (waiting longer
 * cannot help), or the timeout passes. Always assesses at least once, even with a zero timeout.
 */
export async function waitForReady(
  assess: () => Promise<ComponentReadiness[]>,
  onPoll: (components: ComponentReadiness[]) => void,
  opts: WaitOptions,
): Promise<WaitOutcome> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const pollMs = opts.pollMs ?? 1_000;
  const start = now();
  for (;;) {
    const components = await assess();
    onPoll(components);
    const waitedMs = now() - start;
    if (components.every((c) => c.ready)) return { result: WaitResults.ready, components, waitedMs };
    if (components.some((c) => c.failed)) return { result: WaitResults.failed, components, waitedMs };
    if (waitedMs >= opts.timeoutMs) return { result: WaitResults.timedOut, components, waitedMs };
    await sleep(Math.min(pollMs, opts.timeoutMs - waitedMs));
  }
}
