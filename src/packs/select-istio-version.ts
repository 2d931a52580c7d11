import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import type { PackInfo } from './pack-info.js';
import { parseIstioVersion } from './istio-version.js';

/** Where the chosen release came from, for messages and status. */
export type VersionSource = 'explicit' | 'tag' | 'installed' | 'default';

export interface VersionChoice {
  version: string;
  source: VersionSource;
}

export interface VersionRequest {
  /** `--istio-version`, or the IstioOperator's istio-version annotation. */
  explicit?: { version: string; path: string };
  /** The user's image tag (`values.global.tag` over `spec.tag`), with the field it came from. */
  tag?: { value: string; path: string };
  /** The release the installation runs now (status): kept while nothing else names one. */
  installed?: string;
  /** A tag naming another release than `explicit`: refused (operator) or overridden (CLI, like istioctl X.Y.Z). */
  tagConflict: 'refuse' | 'explicit-wins';
}

/**
 * Picks the pack to render with: an explicit version, else the release the tag carries, else the installed
 * release, else the newest pack. A tag that names no release (a digest, `my-build`) needs an explicit
 * version: guessing would pair one release's injector templates with another's proxies. Pure.
 */
export function selectIstioVersion(request: VersionRequest, packs: readonly PackInfo[], explicitSpelling: string): Result<VersionChoice> {
  const supported = packs.map((p) => p.version);
  const known = (version: string, path: string, what: string): FieldError | undefined =>
    supported.includes(version) ? undefined : { path, reason: `${what} Istio ${version}, which this operator cannot install; supported releases: ${supported.join(', ')}` };

  const tagVersion = request.tag ? versionOfTag(request.tag.value) : undefined;
  if (request.explicit) {
    const { version, path } = request.explicit;
    if (!/^\d+\.\d+\.\d+$/.test(version)) return fail([{ path, reason: `${JSON.stringify(version)} is not a release number (X.Y.Z)` }]);
    const unknown = known(version, path, 'names');
    if (unknown) return fail([unknown]);
    if (request.tag && tagVersion !== undefined && tagVersion !== version && request.tagConflict === 'refuse') {
      return fail([{ path: request.tag.path, reason: `tag ${request.tag.value} is Istio ${tagVersion}, but ${path} asks for ${version}; make them agree` }]);
    }
    return ok({ version, source: 'explicit' });
  }
  if (request.tag) {
    const { value, path } = request.tag;
    if (tagVersion === undefined) {
      if (/^v?\d+\.\d+(?:[-+].*)?$/.test(value)) return fail([{ path, reason: `tag ${value} names no patch release: use X.Y.Z (supported: ${supported.join(', ')})` }]);
      return fail([{ path, reason: `tag ${value} carries no Istio release; name the release it was built from with ${explicitSpelling}` }]);
    }
    const unknown = known(tagVersion, path, `tag ${value} is`);
    return unknown ? fail([unknown]) : ok({ version: tagVersion, source: 'tag' });
  }
  if (request.installed !== undefined && supported.includes(request.installed)) return ok({ version: request.installed, source: 'installed' });
  if (request.installed !== undefined) {
    return fail([{ path: 'status.istioVersion', reason: `the installation runs Istio ${request.installed}, which this operator has no pack for; name a supported release (${supported.join(', ')}) in spec.tag to move it` }]);
  }
  return ok({ version: supported[supported.length - 1] as string, source: 'default' });
}

/** `1.30.3`, `1.30.3-distroless`: the release; undefined for a digest, a build name or a bare minor. */
export function versionOfTag(tag: string): string | undefined {
  const m = /^v?(\d+\.\d+\.\d+)(?:-[0-9A-Za-z.-]+)?$/.exec(tag);
  return m && parseIstioVersion(m[1]) ? m[1] : undefined;
}

/** Says when the pack's release is past its end of life, or reaches it within 60 days. Pure. */
export function endOfLifeWarning(pack: PackInfo, today: string): string | undefined {
  if (today >= pack.endOfLife) return `Istio ${pack.version} reached end of life on ${pack.endOfLife} and gets no more security fixes: upgrade to a supported release`;
  const days = (Date.parse(pack.endOfLife) - Date.parse(today)) / 86_400_000;
  return days <= 60 ? `Istio ${pack.version} reaches end of life on ${pack.endOfLife}: plan the upgrade` : undefined;
}
