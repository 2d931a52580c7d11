import { addonComponents, components } from './schema-components.js';
import { describe, free, intOrStr, obj, str, type SchemaNode } from './schema-nodes.js';
import { valuesSchema } from './schema-values.js';

export type { SchemaNode } from './schema-nodes.js';

/**
 * The IstioOperator `spec` (facts §5.1-5.4): the single description behind both `validateSpec` and the
 * CRD's openAPIV3Schema. Semantic checks that a schema cannot express live in validate-spec.ts.
 */
export const iopSpecSchema: SchemaNode = obj({
  profile: describe(str(), 'Profile to start from (default, demo, minimal, empty, preview, stable, ambient, remote, openshift, openshift-ambient).'),
  installPackagePath: describe(str(), 'Accepted for compatibility with istioctl; charts are built into the operator.'),
  hub: describe(str(), 'Image registry and repository prefix, e.g. docker.io/istio.'),
  tag: describe(intOrStr(), 'Image tag, e.g. 1.31.0; a tag that names a release selects that release.'),
  namespace: describe(str(), 'Accepted for compatibility; use values.global.istioNamespace.'),
  revision: describe(str(), 'Control plane revision (a DNS-1123 label); empty for the default revision.'),
  compatibilityVersion: describe(str(), 'Restore the behaviour of an earlier release (e.g. 1.30); which ones depends on the release installed.'),
  meshConfig: describe(free(), 'Mesh-wide settings (MeshConfig), merged under values.meshConfig.'),
  components,
  addonComponents,
  values: valuesSchema,
  unvalidatedValues: describe(free(), 'Chart values merged last and not checked.'),
});
