import type { JsonValue } from '../api/json.js';
import type { KubeAccess } from './kube-access.js';
import { createWatchClient, type WatchClient } from './watch-stream.js';

/** The watch went silent past its server-side timeout: the connection is dead (half-open). */
export class WatchIdleError extends Error {
  override readonly name = 'WatchIdleError';
  constructor(path: string, idleMs: number) {
    super(`watch ${path} received nothing for ${idleMs} ms; reconnecting`);
  }
}

const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;

/**
 * Our watch stream with a client-side idle deadline. The apiserver ends every watch after its
 * `timeoutSeconds` (and sends a bookmark before that), so a watch silent for longer than that (plus
 * `graceMs`) sits on a dead connection, which TCP alone may not notice for many minutes; it is aborted
 * and `done` gets a WatchIdleError, which the caller handles like any other watch failure (reconnect,
 * relist on 410).
 */
export class IdleDeadlineWatch implements WatchClient {
  private readonly inner: WatchClient;

  constructor(
    kc: KubeAccess,
    private readonly graceMs = 30_000,
  ) {
    this.inner = createWatchClient(kc);
  }

  async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, obj: JsonValue) => void,
    done: (err: unknown) => void,
  ): Promise<{ abort(): void }> {
    const idleMs = (Number(queryParams.timeoutSeconds) || DEFAULT_WATCH_TIMEOUT_SECONDS) * 1000 + this.graceMs;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    // Set once inner.watch returns; events may only arrive after that.
    const current: { handle?: { abort(): void } } = {};
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done(err);
    };
    const arm = (): void => {
      clearTimeout(timer);
      const h = current.handle;
      if (finished || !h) return;
      timer = setTimeout(() => {
        finish(new WatchIdleError(path, idleMs));
        h.abort();
      }, idleMs);
      timer.unref();
    };
    current.handle = await this.inner.watch(path, queryParams, (phase, obj) => {
      arm();
      callback(phase, obj);
    }, finish);
    arm();
    return current.handle;
  }
}
