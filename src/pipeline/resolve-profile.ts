import { fail, ok, type Result } from '../api/errors.js';
import type { JsonObject } from '../api/json.js';
import { mergeLayers } from './merge-layers.js';

export const DEFAULT_PROFILE = 'default';

/** A profile name is a DNS label: it can never be a path, so `../x` or `/etc/y` never reach a file lookup. */
const PROFILE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function listProfiles(profiles: ReadonlyMap<string, JsonObject>): string[] {
  return [...profiles.keys()].sort();
}

/**
 * The base spec of a profile: the `default` profile's spec with the named profile merged over it (every
 * profile is "default + delta"). No name, or an empty one, means `default`.
 */
export function resolveProfile(profiles: ReadonlyMap<string, JsonObject>, name: string | undefined): Result<JsonObject> {
  const wanted = name === undefined || name === '' ? DEFAULT_PROFILE : name;
  const known = `known profiles: ${listProfiles(profiles).join(', ') || 'none'}`;
  if (!PROFILE_NAME.test(wanted)) {
    return fail([{ path: 'spec.profile', reason: `invalid profile name ${JSON.stringify(wanted)}: must be a lowercase DNS label (${known})` }]);
  }
  const base = profiles.get(DEFAULT_PROFILE);
  const named = profiles.get(wanted);
  if (named === undefined) return fail([{ path: 'spec.profile', reason: `unknown profile ${JSON.stringify(wanted)} (${known})` }]);
  if (base === undefined) return fail([{ path: 'spec.profile', reason: `the "${DEFAULT_PROFILE}" profile is missing (${known})` }]);
  return ok(wanted === DEFAULT_PROFILE ? mergeLayers(base) : mergeLayers(base, named));
}
