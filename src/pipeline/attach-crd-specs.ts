import { fail, ok, type FieldError, type Result } from '../api/errors.js';
import type { KubeObject } from '../api/kube-object.js';
import type { IstioCrd } from './types.js';

/**
 * Gives every rendered CustomResourceDefinition without a spec the upstream spec of the same name. The base
 * chart writes only the CRDs' metadata (ADR 5); a spec-less CRD the build does not know is a chart error.
 * The spec is shared, not copied: every later step (k8s settings, overlays) copies before it changes anything.
 */
export function attachCrdSpecs(objects: KubeObject[], crds: () => readonly IstioCrd[], where: string): Result<KubeObject[]> {
  const errors: FieldError[] = [];
  let byName: Map<string, IstioCrd> | undefined;
  const out = objects.map((obj) => {
    if (obj.kind !== 'CustomResourceDefinition' || obj.spec !== undefined) return obj;
    byName ??= new Map(crds().map((c) => [c.name, c]));
    const crd = byName.get(obj.metadata.name);
    if (!crd) {
      errors.push({ path: where, reason: `CustomResourceDefinition ${obj.metadata.name} has no spec and is not an Istio CRD of the build` });
      return obj;
    }
    return { ...obj, spec: crd.spec };
  });
  return errors.length > 0 ? fail(errors) : ok(out);
}
