import type { FieldError, Result } from '../api/errors.js';
import { fail, ok } from '../api/errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import { AnnotationKeys } from '../api/labels.js';
import { mergeLayers } from './merge-layers.js';

/** How the user's gateway lists combine with the profile's. */
export const GatewayListMerges = { replace: 'replace', byName: 'by-name' } as const;
export type GatewayListMerge = (typeof GatewayListMerges)[keyof typeof GatewayListMerges];

const GATEWAY_LISTS = ['ingressGateways', 'egressGateways'] as const;

/**
 * Istio 1.23 and older merged `components.ingressGateways`/`egressGateways` with the profile's lists
 * by `name`: a user entry deep-merges into the profile's entry of the same name (keeping, say, its
 * `enabled: true`), and profile entries the user did not name stay, after the user's. Lists inside
 * an entry (service ports) still replace. Returns the user spec with those two lists pre-merged, to be
 * layered over the profile as usual. Pure.
 */
export function mergeGatewaysByName(profile: JsonObject, user: JsonObject): JsonObject {
  const userComponents = user.components;
  if (!isJsonObject(userComponents)) return user;
  const profileComponents = isJsonObject(profile.components) ? profile.components : {};
  const components: JsonObject = { ...userComponents };
  for (const list of GATEWAY_LISTS) {
    const mine = userComponents[list];
    const theirs = profileComponents[list];
    if (!Array.isArray(mine) || !Array.isArray(theirs)) continue;
    components[list] = mergeListByName(theirs, mine);
  }
  return { ...user, components };
}

function mergeListByName(base: readonly JsonValue[], over: readonly JsonValue[]): JsonValue[] {
  const nameOf = (v: JsonValue): string | undefined => (isJsonObject(v) && typeof v.name === 'string' ? v.name : undefined);
  const named = new Set(over.map(nameOf));
  // As Kubernetes' strategic merge orders it: the user's entries first, then the profile's others.
  const merged = over.map((patch) => {
    const item = base.find((b) => nameOf(b) !== undefined && nameOf(b) === nameOf(patch));
    return item !== undefined && isJsonObject(item) && isJsonObject(patch) ? mergeLayers(item, patch) : patch;
  });
  return [...merged, ...base.filter((b) => !named.has(nameOf(b)))];
}

/** The annotation of the last document that sets it; `replace` when none does. */
export function resolveGatewayListMerge(documents: readonly JsonObject[], given?: GatewayListMerge): Result<GatewayListMerge> {
  let found: JsonValue | undefined;
  for (const doc of documents) {
    const annotations = isJsonObject(doc.metadata) && isJsonObject(doc.metadata.annotations) ? doc.metadata.annotations : undefined;
    if (annotations && Object.hasOwn(annotations, AnnotationKeys.gatewayListMerge)) found = annotations[AnnotationKeys.gatewayListMerge];
  }
  if (found === undefined) return ok(given ?? GatewayListMerges.replace);
  if (found === GatewayListMerges.replace || found === GatewayListMerges.byName) return ok(found);
  const error: FieldError = { path: `metadata.annotations[${AnnotationKeys.gatewayListMerge}]`, reason: `must be "${GatewayListMerges.byName}" or "${GatewayListMerges.replace}", got ${JSON.stringify(found)}` };
  return fail([error]);
}
