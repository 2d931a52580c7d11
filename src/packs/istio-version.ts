/** An Istio release number; suffixes such as `-distroless` are not part of it. */
export interface IstioVersion {
  major: number;
  minor: number;
  patch: number;
}

/** `1.23.6`, `1.23.6-distroless`, `1.27`: the numeric part; undefined for a digest or a build name. */
export function parseIstioVersion(text: string | undefined): IstioVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(text ?? '');
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function compareIstioVersions(a: IstioVersion, b: IstioVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Orders version strings; an unreadable one sorts first. */
export function compareVersionText(a: string, b: string): number {
  const pa = parseIstioVersion(a);
  const pb = parseIstioVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  return compareIstioVersions(pa, pb);
}
