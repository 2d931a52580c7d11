import { fail, ok, type Result } from '../api/errors.js';
import type { JsonObject } from '../api/json.js';
import type { PackCatalog } from '../packs/pack-catalog.js';
import { endOfLifeWarning, selectIstioVersion, type VersionRequest } from '../packs/select-istio-version.js';
import { buildDesiredState, buildUserSpec } from './build-desired-state.js';
import { childOf, tagText } from './translate-values.js';
import type { DesiredState, RenderRequest } from './types.js';

export interface PackSelection {
  /** The release the installation runs now, kept while nothing names another. */
  installed?: string;
  tagConflict: VersionRequest['tagConflict'];
  /** How a user names a release explicitly, for the message about a tag that names none. */
  explicitSpelling: string;
  /** Today (`YYYY-MM-DD`), to warn about an end-of-life release; no warning without it. */
  today?: string;
}

/**
 * Chooses the version pack for a request (select-istio-version.ts) and renders with it; an end-of-life
 * release adds a warning. The only place the engine meets more than one pack.
 */
export function renderInstallation(request: RenderRequest, catalog: PackCatalog, selection: PackSelection): Result<DesiredState> {
  const user = buildUserSpec(request);
  if (!user.ok) return user;
  const choice = selectIstioVersion(
    {
      ...(request.istioVersion ? { explicit: request.istioVersion } : {}),
      ...userTag(user.value),
      ...(selection.installed !== undefined ? { installed: selection.installed } : {}),
      tagConflict: selection.tagConflict,
    },
    catalog.packs,
    selection.explicitSpelling,
  );
  if (!choice.ok) return choice;
  const assets = catalog.load(choice.value.version);
  const desired = buildDesiredState(request, assets);
  if (!desired.ok) return fail(desired.errors);
  const eol = selection.today !== undefined ? endOfLifeWarning(assets.pack, selection.today) : undefined;
  return ok({ ...desired.value, warnings: eol ? [eol, ...desired.value.warnings] : desired.value.warnings });
}

/** The image tag the user gave: `values.global.tag` wins over `tag`, as in the chart values. */
function userTag(spec: JsonObject): Pick<VersionRequest, 'tag'> {
  const fromValues = tagText(childOf(childOf(spec, 'values'), 'global').tag);
  if (fromValues !== undefined) return { tag: { value: fromValues, path: 'spec.values.global.tag' } };
  const fromSpec = tagText(spec.tag);
  return fromSpec !== undefined ? { tag: { value: fromSpec, path: 'spec.tag' } } : {};
}
