import type { FieldDifference } from './compare-objects.js';

/**
 * Differences from istioctl 1.27.9 that remain, each with the reason it is not fixed here. An entry must
 * keep matching something (the suite fails on a stale one), so the list only shrinks.
 */
export interface KnownDifference {
  /** Case names it applies to (all when absent). */
  cases?: RegExp;
  object: RegExp;
  path: RegExp;
  reason: string;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [];

export function explain(caseName: string, d: FieldDifference): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(
    (k) => (k.cases?.test(caseName) ?? true) && k.object.test(d.object) && k.path.test(d.path),
  );
}
