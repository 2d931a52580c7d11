import { isJsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { FIELD_MANAGER, LabelKeys } from '../api/labels.js';
import { parseIstioVersion } from '../packs/istio-version.js';
import type { OwnerKey } from './ports.js';

/** Who made a set of existing objects, as far as their labels, annotations and field managers tell. */
export interface InstallerFinding {
  /** Human-readable: "istioctl install (1.23 or older)", "Helm release istio-system/istiod" ... */
  installer: string;
  /** The Istio version installed, when the objects say (label or istiod image tag). */
  version?: string;
  /**
   * Istio 1.23's in-cluster operator or istioctl reconciled an IstioOperator of this very name and
   * namespace: its gateway lists merged with the profile's by name.
   */
  mergedGatewaysByName: boolean;
  objects: KubeObject[];
}

/** Owner names istioctl writes when an IstioOperator has none: 1.23 and older, then 1.24 and newer. */
const ISTIOCTL_OWNER_OLD = 'installed-state';
const ISTIOCTL_OWNER_NEW = 'unknown';
const HELM_RELEASE = 'meta.helm.sh/release-name';
const HELM_RELEASE_NS = 'meta.helm.sh/release-namespace';

/** Groups foreign objects by the installer that made them. Pure and deterministic (input order kept). */
export function identifyInstallers(foreign: readonly KubeObject[], owner: OwnerKey): InstallerFinding[] {
  const groups = new Map<string, InstallerFinding>();
  for (const obj of foreign) {
    const { installer, byName } = describeInstaller(obj, owner);
    const group = groups.get(installer) ?? { installer, mergedGatewaysByName: false, objects: [] };
    group.objects.push(obj);
    group.version ??= readIstioVersion(obj);
    if (byName) group.mergedGatewaysByName = true;
    groups.set(installer, group);
  }
  return [...groups.values()];
}

function describeInstaller(obj: KubeObject, owner: OwnerKey): { installer: string; byName: boolean } {
  const labels = obj.metadata.labels ?? {};
  const annotations = obj.metadata.annotations ?? {};
  // istioctl 1.24+ renders Istio's Helm charts, so their `managed-by: Helm` label proves nothing; only
  // Helm itself writes the release annotations.
  if (annotations[HELM_RELEASE] !== undefined) {
    return { installer: `Helm release ${annotations[HELM_RELEASE_NS] ?? '?'}/${annotations[HELM_RELEASE]}`, byName: false };
  }
  const name = labels[LabelKeys.owningResource];
  const namespace = labels[LabelKeys.owningResourceNamespace] ?? '';
  const old = isBefore124(labels[LabelKeys.version]);
  const sameOwner = name === owner.name && namespace === owner.namespace;
  if (name === ISTIOCTL_OWNER_OLD) return { installer: 'istioctl install (1.23 or older)', byName: old && sameOwner };
  if (name === ISTIOCTL_OWNER_NEW) return { installer: 'istioctl install (1.24 or newer)', byName: false };
  if (name !== undefined) {
    const who = labels[LabelKeys.managed] === 'Reconcile' && old ? "Istio's in-cluster operator (1.23 or older)" : 'another Istio installer';
    return { installer: `${who} for IstioOperator ${namespace}/${name}`, byName: old && sameOwner };
  }
  const managers = listManagers(obj);
  return { installer: managers.length > 0 ? `field managers ${managers.join(', ')}` : 'an unknown installer', byName: false };
}

function listManagers(obj: KubeObject): string[] {
  const entries = Array.isArray(obj.metadata.managedFields) ? obj.metadata.managedFields : [];
  const names = entries.flatMap((e) => (isJsonObject(e) && typeof e.manager === 'string' && e.manager !== FIELD_MANAGER && (e.subresource ?? '') === '' ? [e.manager] : []));
  return [...new Set(names)].sort();
}

/** `1.23.6` -> true; absent or unreadable -> false. */
function isBefore124(version: string | undefined): boolean {
  const parsed = parseIstioVersion(version);
  return parsed !== undefined && parsed.major === 1 && parsed.minor < 24;
}

/** The version label Istio's installers write, else the tag of an istiod (`discovery`) container image. */
export function readIstioVersion(obj: KubeObject): string | undefined {
  const label = obj.metadata.labels?.[LabelKeys.version];
  if (label !== undefined && parseIstioVersion(label)) return label;
  if (obj.kind !== 'Deployment') return undefined;
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const template = isJsonObject(spec.template) ? spec.template : {};
  const podSpec = isJsonObject(template.spec) ? template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  for (const c of containers) {
    if (!isJsonObject(c) || c.name !== 'discovery' || typeof c.image !== 'string') continue;
    const tag = c.image.slice(c.image.lastIndexOf(':') + 1);
    if (parseIstioVersion(tag)) return tag;
  }
  return undefined;
}
