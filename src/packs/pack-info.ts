import { isJsonObject, type JsonValue } from '../api/json.js';
import { parseIstioVersion } from './istio-version.js';

/**
 * What a version pack says about its release (`packs/<version>/pack.yaml`). Everything the engine needs to
 * know of a release that is not a chart or a profile lives here, so the engine never branches on a version.
 */
export interface PackInfo {
  /** The Istio release, `X.Y.Z`: the pack's folder name and its default image tag. */
  version: string;
  /** The pack whose charts and profiles this one starts from (file by file); absent for a root pack. */
  base?: string;
  /** Default image registry of the release. */
  hub: string;
  /** The day upstream stops patching the release's minor (`YYYY-MM-DD`; upstream gives some as a month). */
  endOfLife: string;
  /** The oldest Kubernetes minor the release supports (`1.29`). */
  minKubernetes: string;
  /** Pack-relative files of the base that this pack drops (`charts/base/templates/x.yaml.hbs`). */
  removes: string[];
  /** The `compatibilityVersion` values the release accepts. */
  compatibilityVersions: string[];
  /** `values` keys the release accepts beyond its base's: dotted path -> type (VALUE_KEY_TYPES). */
  valueKeys: Record<string, string>;
  /** `values` keys of its base the release no longer accepts. */
  removedValueKeys: string[];
  /** How the release's istioctl renders where the engine offers a choice; unset keys come from the base. */
  renderer: Partial<RendererSettings>;
}

/** The engine's few per-release switches: data in pack.yaml, never a version test in code. */
export interface RendererSettings {
  /**
   * istioctl copies some `components.*.k8s` settings (replicas, HPA bounds) into the chart values before
   * rendering, so the charts' guards see them (1.28, 1.31), or does not (1.27, 1.29, 1.30).
   */
  k8sSettingsInValues: boolean;
  /** With k8sSettingsInValues, the CPU of `k8s.resources` is copied too (1.31), or is not (1.28). */
  k8sCpuInValues: boolean;
  /** Component (`Pilot`) -> the Helm chart its objects' `helm.sh/chart` label names; components absent get none. */
  helmCharts: Record<string, string>;
}

/** Each setting from the newest pack of the chain (root first) that states it. */
export function resolveRenderer(chain: readonly PackInfo[]): RendererSettings {
  const merged = Object.assign({}, ...chain.map((p) => p.renderer)) as Partial<RendererSettings>;
  return { k8sSettingsInValues: merged.k8sSettingsInValues ?? false, k8sCpuInValues: merged.k8sCpuInValues ?? false, helmCharts: merged.helmCharts ?? {} };
}

export const PACK_FILE = 'pack.yaml';

/** Checks a parsed `pack.yaml`; throws naming the file and field, since a broken pack is a build error. */
export function parsePackInfo(doc: JsonValue | undefined, file: string): PackInfo {
  if (!isJsonObject(doc ?? null)) throw new Error(`${file}: not a mapping`);
  const d = doc as Record<string, JsonValue>;
  const text = (key: string, pattern: RegExp, optional = false): string | undefined => {
    const v = d[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || !pattern.test(v)) throw new Error(`${file}: ${key} must be a string matching ${String(pattern)}`);
    return v;
  };
  const version = text('version', /^\d+\.\d+\.\d+$/) as string;
  if (!parseIstioVersion(version)) throw new Error(`${file}: version ${version} is not a release number`);
  const removes = d.removes ?? [];
  if (!Array.isArray(removes) || !removes.every((r) => typeof r === 'string' && !r.includes('..'))) {
    throw new Error(`${file}: removes must be a list of pack-relative paths`);
  }
  const base = text('base', /^\d+\.\d+\.\d+$/, true);
  const versions = d.compatibilityVersions ?? [];
  if (!Array.isArray(versions) || !versions.every((v) => typeof v === 'string' && /^1\.\d+$/.test(v))) throw new Error(`${file}: compatibilityVersions must be a list of minors (1.26)`);
  const keys = d.valueKeys ?? {};
  if (!isJsonObject(keys) || !Object.entries(keys).every(([k, t]) => /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(k) && typeof t === 'string')) {
    throw new Error(`${file}: valueKeys must map dotted paths to type names`);
  }
  const renderer = d.renderer ?? {};
  if (!isJsonObject(renderer)) throw new Error(`${file}: renderer must be a mapping`);
  const { k8sSettingsInValues, k8sCpuInValues, helmCharts, ...unknown } = renderer;
  if (Object.keys(unknown).length > 0) throw new Error(`${file}: renderer has unknown settings ${Object.keys(unknown).join(', ')}`);
  if (k8sSettingsInValues !== undefined && typeof k8sSettingsInValues !== 'boolean') throw new Error(`${file}: renderer.k8sSettingsInValues must be true or false`);
  if (k8sCpuInValues !== undefined && typeof k8sCpuInValues !== 'boolean') throw new Error(`${file}: renderer.k8sCpuInValues must be true or false`);
  if (helmCharts !== undefined && !(isJsonObject(helmCharts) && Object.values(helmCharts).every((v) => typeof v === 'string'))) {
    throw new Error(`${file}: renderer.helmCharts must map components to chart names`);
  }
  const removedKeys = d.removedValueKeys ?? [];
  if (!Array.isArray(removedKeys) || !removedKeys.every((k) => typeof k === 'string')) throw new Error(`${file}: removedValueKeys must be a list of dotted paths`);
  return {
    version,
    ...(base !== undefined ? { base } : {}),
    hub: text('hub', /^[a-z0-9.:/_-]+$/) as string,
    endOfLife: text('endOfLife', /^\d{4}-\d{2}-\d{2}$/) as string,
    minKubernetes: text('minKubernetes', /^1\.\d+$/) as string,
    removes: removes as string[],
    compatibilityVersions: versions as string[],
    valueKeys: keys as Record<string, string>,
    removedValueKeys: removedKeys as string[],
    renderer: {
      ...(k8sSettingsInValues !== undefined ? { k8sSettingsInValues } : {}),
      ...(k8sCpuInValues !== undefined ? { k8sCpuInValues } : {}),
      ...(helmCharts !== undefined ? { helmCharts: helmCharts as Record<string, string> } : {}),
    },
  };
}
