import { setMaxListeners } from 'node:events';
import type { KubeRest } from './kube-rest.js';
import { LeadershipLostError } from './kube-errors.js';

/**
 * Fences a client to one leadership term: once `term` is aborted or `leading()` says no (the Lease was
 * lost, or its renew deadline passed while this process was paused) every write is
 * refused before it is sent, and in-flight requests are cancelled, so a reconcile that was running
 * when leadership ended cannot go on writing beside the new leader. Reads fail too: nothing they
 * return could be acted on.
 */
export function fenceToTerm(rest: KubeRest, term: AbortSignal, leading: () => boolean = () => !term.aborted): KubeRest {
  // Every in-flight request listens on the term; dozens at once is normal, not a leak.
  setMaxListeners(0, term);
  return (req, count) => {
    if (!leading() || term.aborted) return Promise.reject(new LeadershipLostError(`${req.method} ${req.path}`));
    const signal = req.signal ? AbortSignal.any([req.signal, term]) : term;
    return rest({ ...req, signal }, count).catch((err: unknown) => {
      throw term.aborted ? new LeadershipLostError(`${req.method} ${req.path}`) : err;
    });
  };
}
