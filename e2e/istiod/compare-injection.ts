import { review, type AdmissionTarget } from '../support/admission-review.js';
import { applyJsonPatch, diffJson } from '../support/json-patch.js';
import { findException } from './injection-exceptions.js';
import type { InjectionCase } from './injection-pods.js';

export interface InjectionComparison {
  /** One line per case: patch sizes and difference count. */
  summary: string[];
  unexplained: string[];
  /** Differences listed in injection-exceptions.ts, with their reason. */
  excepted: string[];
  /** Cases our istiod answered with no patch at all (nothing injected, so nothing to compare). */
  notInjected: string[];
}

/**
 * Sends every case to two istiods' /inject (ours and one running upstream's injector config) and diffs the
 * pods their patches produce. Differences not named in injection-exceptions.ts are `unexplained`.
 */
export async function compareInjection(ours: AdmissionTarget, theirs: AdmissionTarget, cases: readonly InjectionCase[], namespace: string): Promise<InjectionComparison> {
  const result: InjectionComparison = { summary: [], unexplained: [], excepted: [], notInjected: [] };
  for (const { name, pod } of cases) {
    const a = await review(ours, '/inject', pod, namespace);
    const b = await review(theirs, '/inject', pod, namespace);
    if (a.patch.length === 0) result.notInjected.push(name);
    const diffs = diffJson(applyJsonPatch(pod, a.patch), applyJsonPatch(pod, b.patch));
    for (const d of diffs) {
      const line = `${name} ${d.path}: ours ${JSON.stringify(d.ours)?.slice(0, 200)} | upstream ${JSON.stringify(d.theirs)?.slice(0, 200)}`;
      const exception = findException(name, d.path);
      if (exception) result.excepted.push(`${line} (${exception.reason})`);
      else result.unexplained.push(line);
    }
    const notes = `${a.message ? `; ours: ${a.message}` : ''}${b.message ? `; upstream: ${b.message}` : ''}`;
    result.summary.push(`${name}: ${a.patch.length} patch ops (upstream ${b.patch.length}), ${diffs.length} differences${notes}`);
  }
  return result;
}
