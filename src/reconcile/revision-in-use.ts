import type { IstioOperatorObject } from '../api/istio-operator.js';
import { isJsonObject, type JsonObject } from '../api/json.js';
import type { OwnerKey, RevisionUsersQuery } from './ports.js';
import { revisionTagsOf } from './revision-tag-handover.js';

/**
 * What selects the revision a deleted IstioOperator installed: its revision (`values.revision` over
 * `spec.revision`; `default` when none), the revision tags it holds, and, for the default revision or the
 * `default` tag, the legacy `istio-injection=enabled` label. The finalizer waits while anything selects it
 * (finalize-istio-operator.ts). Pure.
 */
export function revisionUsersQuery(iop: IstioOperatorObject, owner: OwnerKey): RevisionUsersQuery {
  const spec = (iop.spec ?? {}) as JsonObject;
  const values = (isJsonObject(spec.values ?? null) ? spec.values : {}) as JsonObject;
  const named = typeof values.revision === 'string' ? values.revision : typeof spec.revision === 'string' ? spec.revision : '';
  const tags = revisionTagsOf(iop);
  const revision = named === '' ? 'default' : named;
  return { revisions: [...new Set([revision, ...tags])], legacyInjection: revision === 'default' || tags.includes('default'), owner };
}
