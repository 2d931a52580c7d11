import type { ComponentReadiness } from '../reconcile/assess-readiness.js';
import { processIo, type CliIo } from './cli-io.js';

/** Progress lines on stderr: symbols on a terminal, plain ASCII markers in CI logs and pipes. */
export interface Progress {
  done(text: string): void;
  waiting(text: string): void;
  failed(text: string): void;
  /** Reports one readiness poll: each component's first `ready`, and waiting reasons when they change. */
  readiness(components: readonly ComponentReadiness[]): void;
}

const SYMBOLS = {
  tty: { done: '✔', waiting: '…', failed: '✘' },
  plain: { done: '[ok]', waiting: '[..]', failed: '[!!]' },
} as const;

const MAX_REASONS = 3;
/** A wait that prints nothing for this long gets a "still waiting" line, so a slow rollout never looks hung. */
export const HEARTBEAT_MS = 10_000;

/** Only the real process stderr can be a terminal; an injected CliIo (tests) never is. */
export function isTerminal(io: CliIo): boolean {
  return io === processIo && process.stderr.isTTY === true;
}

export function createProgress(io: CliIo, tty: boolean, now: () => number = Date.now): Progress {
  const s = tty ? SYMBOLS.tty : SYMBOLS.plain;
  let lastLineAt = now();
  let waitStartedAt: number | undefined;
  const line = (symbol: string, text: string): void => {
    lastLineAt = now();
    io.stderr(`${symbol} ${text}\n`);
  };
  const announcedReady = new Set<string>();
  // Last waiting line per component: a poll every second must not repeat an unchanged line.
  const lastWaiting = new Map<string, string>();
  return {
    done: (text) => line(s.done, text),
    waiting: (text) => line(s.waiting, text),
    failed: (text) => line(s.failed, text),
    readiness(components) {
      waitStartedAt ??= now();
      const linesBefore = lastLineAt;
      for (const c of components) {
        if (c.ready) {
          if (!announcedReady.has(c.component)) line(s.done, `${c.component} installed`);
          announcedReady.add(c.component);
          continue;
        }
        const shown = c.reasons.slice(0, MAX_REASONS).map(formatReason).join('; ');
        const more = c.reasons.length > MAX_REASONS ? ` and ${c.reasons.length - MAX_REASONS} more` : '';
        const text = `${c.component}: ${shown}${more}`;
        if (lastWaiting.get(c.component) !== text) line(c.failed ? s.failed : s.waiting, text);
        lastWaiting.set(c.component, text);
      }
      const pending = components.filter((c) => !c.ready).map((c) => c.component);
      if (pending.length > 0 && lastLineAt === linesBefore && now() - lastLineAt >= HEARTBEAT_MS) {
        line(s.waiting, `still waiting after ${Math.round((now() - waitStartedAt) / 1000)}s for ${pending.join(', ')}`);
      }
    },
  };
}

/** `Deployment.apps ns/istiod: 0/1 replicas available` -> `0/1 replicas available (Deployment.apps ns/istiod)`. */
export function formatReason(reason: string): string {
  const split = reason.indexOf(': ');
  return split < 0 ? reason : `${reason.slice(split + 2)} (${reason.slice(0, split)})`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(render).join('\n') + '\n';
}

/** The summary install and verify end with: component, object count, ready or why not. */
export function formatComponentTable(components: readonly ComponentReadiness[]): string {
  const rows = components.map((c) => [c.component, String(c.objectCount), c.ready ? 'Ready' : `${c.failed ? 'Failed' : 'Not ready'}: ${summarizeReasons(c.reasons)}`]);
  return formatTable(['COMPONENT', 'OBJECTS', 'STATUS'], rows);
}

/** One reason in full; several as a count, so a table row stays one readable line. */
function summarizeReasons(reasons: readonly string[]): string {
  const [only] = reasons;
  return reasons.length === 1 && only !== undefined ? formatReason(only) : `${reasons.length} objects not ready`;
}
