import type { AssetSet } from '../pipeline/types.js';
import type { PackInfo } from './pack-info.js';

/**
 * The version packs one process can render, each loaded on first use (a pack's charts cost memory; most
 * processes only ever use one or two). The engine renders with one pack's AssetSet; choosing it is
 * select-istio-version.ts's job.
 */
export interface PackCatalog {
  /** Every pack, oldest release first. */
  readonly packs: readonly PackInfo[];
  /** What a new installation gets when nothing names a release: the newest pack. */
  readonly defaultVersion: string;
  /** The pack's assets; throws for a version not in `packs` (callers select among `packs` first). */
  load(version: string): AssetSet;
}

export function createPackCatalog(packs: readonly PackInfo[], loadPack: (info: PackInfo) => AssetSet): PackCatalog {
  if (packs.length === 0) throw new Error('no version pack is installed');
  const loaded = new Map<string, AssetSet>();
  return {
    packs,
    defaultVersion: (packs[packs.length - 1] as PackInfo).version,
    load(version: string): AssetSet {
      let assets = loaded.get(version);
      if (!assets) {
        const info = packs.find((p) => p.version === version);
        if (!info) throw new Error(`Istio ${version} has no version pack`);
        assets = loadPack(info);
        loaded.set(version, assets);
      }
      return assets;
    },
  };
}

/** A catalog of one already loaded pack: tests and tools that render a single release. */
export function singlePackCatalog(assets: AssetSet): PackCatalog {
  return createPackCatalog([assets.pack], () => assets);
}
