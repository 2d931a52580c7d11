import { describe, expect, it } from 'vitest';
import type { ComponentReadiness } from '../reconcile/assess-readiness.js';
import type { CliIo } from './cli-io.js';
import { createProgress, formatComponentTable, formatReason } from './progress.js';
import { waitForReady, WaitResults } from './wait-for-ready.js';

const component = (name: string, reasons: string[] = [], failed = false): ComponentReadiness => ({ component: name, ready: reasons.length === 0, failed, objectCount: 3, reasons });
const waiting = component('Pilot', ['Deployment.apps istio-system/istiod: 0/1 replicas available']);

function recordingIo(): { io: CliIo; lines: () => string[] } {
  let err = '';
  const io: CliIo = { stdout: () => undefined, stderr: (t) => void (err += t), readFile: () => '', writeFile: () => undefined };
  return { io, lines: () => err.split('\n').filter(Boolean) };
}

describe('progress', () => {
  it.each([
    [true, ['… Pilot: 0/1 replicas available (Deployment.apps istio-system/istiod)', '✔ Base installed', '✔ Pilot installed']],
    [false, ['[..] Pilot: 0/1 replicas available (Deployment.apps istio-system/istiod)', '[ok] Base installed', '[ok] Pilot installed']],
  ])('tty=%s: prints each change once, never an unchanged waiting line', (tty, expected) => {
    const { io, lines } = recordingIo();
    const progress = createProgress(io, tty);
        progress.readiness([waiting]);
    progress.readiness([component('Base'), waiting]);
    progress.readiness([component('Base'), component('Pilot')]);
    progress.readiness([component('Base'), component('Pilot')]);
    expect(lines()).toEqual(expected);
  });

  it('prints a "still waiting" line when a wait has been silent for the heartbeat interval, and only then', () => {
    const { io, lines } = recordingIo();
    let now = 0;
    const progress = createProgress(io, false, () => now);
    progress.readiness([waiting]);
    for (let t = 1_000; t <= 25_000; t += 1_000) {
      now = t;
      progress.readiness([component('Base'), waiting]);
    }
    expect(lines()).toEqual([
      '[..] Pilot: 0/1 replicas available (Deployment.apps istio-system/istiod)',
      '[ok] Base installed',
      '[..] still waiting after 11s for Pilot',
      '[..] still waiting after 21s for Pilot',
    ]);
  });

  it('marks a failed component and abbreviates long reason lists', () => {
    const { io, lines } = recordingIo();
    const reasons = ['a', 'b', 'c', 'd'].map((n) => `Deployment.apps ns/${n}: progress deadline exceeded: stuck`);
    createProgress(io, false).readiness([component('IngressGateways', reasons, true)]);
    expect(lines()).toEqual([
      '[!!] IngressGateways: progress deadline exceeded: stuck (Deployment.apps ns/a); progress deadline exceeded: stuck (Deployment.apps ns/b); progress deadline exceeded: stuck (Deployment.apps ns/c) and 1 more',
    ]);
  });

  it('formats reasons and the summary table', () => {
    expect(formatReason('Deployment.apps ns/x: 0/1 replicas available')).toBe('0/1 replicas available (Deployment.apps ns/x)');
    expect(formatReason('no object')).toBe('no object');
    expect(formatComponentTable([component('Base'), waiting, component('Gw', ['a: x', 'b: y'])])).toBe(
      'COMPONENT  OBJECTS  STATUS\nBase       3        Ready\nPilot      3        Not ready: 0/1 replicas available (Deployment.apps istio-system/istiod)\nGw         3        Not ready: 2 objects not ready\n',
    );
  });
});

describe('waitForReady', () => {
  /** A fake clock that sleeping advances; `states` are returned poll by poll (the last repeats). */
  function run(states: ComponentReadiness[][], timeoutMs: number) {
    let now = 0;
    let polls = 0;
    const sleeps: number[] = [];
    const seen: number[] = [];
    const outcome = waitForReady(
      async () => states[Math.min(polls++, states.length - 1)] ?? [],
      (c) => void seen.push(c.length),
      { timeoutMs, now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) },
    );
    return outcome.then((o) => ({ ...o, polls, sleeps, seen }));
  }

  it('polls every second until ready', async () => {
    const out = await run([[waiting], [waiting], [component('Pilot')]], 10_000);
    expect(out).toMatchObject({ result: WaitResults.ready, polls: 3, sleeps: [1000, 1000], waitedMs: 2000 });
    expect(out.seen).toEqual([1, 1, 1]);
  });

  it('gives up at the timeout with what is still not ready', async () => {
    const out = await run([[waiting]], 2_500);
    expect(out).toMatchObject({ result: WaitResults.timedOut, polls: 4, sleeps: [1000, 1000, 500], components: [waiting] });
  });

  it('stops at once on a permanent failure, and assesses once even with no timeout', async () => {
    expect(await run([[component('Pilot', ['x: deadline'], true)]], 60_000)).toMatchObject({ result: WaitResults.failed, polls: 1 });
    expect(await run([[component('Pilot')]], 0)).toMatchObject({ result: WaitResults.ready, polls: 1 });
  });
});
