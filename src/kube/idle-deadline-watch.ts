import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** The watch went silent past its server-side timeout: the connection is dead (half-open). */
export class WatchIdleError extends Error {
  override readonly name = 'WatchIdleError';
  constructor(path: string, idleMs: number) {
    super(`watch ${path} received nothing for ${idleMs} ms; reconnecting`);
  }
}

const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;

/**
 * client-node's Watch with a client-side idle deadline. The apiserver ends every watch after its
 * `timeoutSeconds`, so a watch silent for longer than that (plus `graceMs`) sits on a dead
 * connection, which TCP alone may not notice for many minutes; it is aborted and `done` gets a
 * WatchIdleError, which the caller handles like any other watch failure (reconnect, relist on 410).
 */
export class IdleDeadlineWatch extends Watch {
  constructor(
    kc: KubeConfig,
    private readonly graceMs = 30_000,
  ) {
    super(kc);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const idleMs = (Number(queryParams.timeoutSeconds) || DEFAULT_WATCH_TIMEOUT_SECONDS) * 1000 + this.graceMs;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    // Set once super.watch returns; events may only arrive after that.
    const current: { controller?: AbortController } = {};
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done(err);
    };
    const arm = (): void => {
      clearTimeout(timer);
      const c = current.controller;
      if (finished || !c) return;
      timer = setTimeout(() => {
        finish(new WatchIdleError(path, idleMs));
        c.abort();
      }, idleMs);
      timer.unref();
    };
    current.controller = await super.watch(path, queryParams, (phase, obj, raw) => {
      arm();
      callback(phase, obj, raw);
    }, finish);
    arm();
    return current.controller;
  }
}
