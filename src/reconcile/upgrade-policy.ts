import { compareIstioVersions, parseIstioVersion, type IstioVersion } from '../packs/istio-version.js';

/**
 * Upstream's policy for changing the Istio version of one control plane in place: one minor release at
 * a time, up or down (a rollback to the previous minor is an in-place change too). Patch releases of
 * the same minor move freely. A canary (a new revision beside the old) may skip one more minor, but
 * that is a second installation, not a change of this one.
 */
export const IN_PLACE_MINOR_STEP = 1;

export type UpgradeVerdict = { allowed: true } | { allowed: false; message: string };

/** May an installation at `from` become `to` in place? Unreadable versions are not judged. Pure. */
export function assessInPlaceUpgrade(from: string | undefined, to: string): UpgradeVerdict {
  const a = parseIstioVersion(from);
  const b = parseIstioVersion(to);
  if (!a || !b || from === undefined) return { allowed: true };
  if (a.major === b.major && Math.abs(b.minor - a.minor) <= IN_PLACE_MINOR_STEP) return { allowed: true };
  const direction = compareIstioVersions(a, b) < 0 ? 'upgrade' : 'downgrade';
  const hops = buildHops(a, b);
  return {
    allowed: false,
    message:
      `an in-place ${direction} from Istio ${from} to ${to} crosses ${Math.abs(b.minor - a.minor)} minor releases; ` +
      `upstream supports ${IN_PLACE_MINOR_STEP} at a time: go through ${hops.join(' -> ')}`,
  };
}

/** The minor releases an in-place change steps through, ends included: 1.23 -> 1.24 -> ... -> 1.27. */
function buildHops(a: IstioVersion, b: IstioVersion): string[] {
  if (a.major !== b.major) return [`${a.major}.${a.minor}`, `${b.major}.${b.minor}`];
  const step = a.minor < b.minor ? 1 : -1;
  const hops: string[] = [];
  for (let m = a.minor; m !== b.minor + step; m += step) hops.push(`${a.major}.${m}`);
  return hops;
}
