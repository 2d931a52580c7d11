import type { TreeLimits } from './check-input-tree.js';

/**
 * Caps on what one IstioOperator may ask for, far above real use (a large installation has a handful
 * of gateways, a few overlays and a few hundred values) and low enough that the largest accepted CR
 * renders in about 200 ms (bench/render.ts, "worst case"), so it cannot starve lease renewal or probes,
 * and its status inventory stays far below the 1.5 MiB object limit.
 * The CRD carries the same caps (build-iop-crd.ts), so the apiserver refuses most of it first.
 */
export const INPUT_LIMITS = {
  /** Entries of `components.ingressGateways` and of `components.egressGateways`, each. */
  gatewaysPerList: 16,
  /** `components.*.k8s.overlays` entries of one component. */
  overlaysPerComponent: 64,
  /** `patches` of one overlay. */
  patchesPerOverlay: 64,
  /** Overlay patches of all components together (each one copies the object it patches). */
  overlayPatchesInAll: 512,
  /** Any string in the spec (a free-form value, an overlay value). */
  stringLength: 64 * 1024,
  /** Object names, kinds and namespaces (a DNS-1123 subdomain is at most 253 characters). */
  nameLength: 253,
  /** An overlay path. */
  pathLength: 1024,
  /** `--set` flags of one command. */
  setFlags: 256,
  /** An IstioOperator file read by the CLI (`-f`). */
  iopFileBytes: 1024 * 1024,
  /** A manifest file read by the CLI (`manifest diff`): a rendered demo installation is about 1 MiB. */
  manifestFileBytes: 16 * 1024 * 1024,
} as const;

/** The whole `spec` of one IstioOperator document. */
export const SPEC_TREE_LIMITS: TreeLimits = { maxDepth: 64, maxNodes: 4_000, maxStringLength: INPUT_LIMITS.stringLength };

/** The structure an overlay's YAML-looking string value describes. */
export const OVERLAY_VALUE_LIMITS: TreeLimits = { maxDepth: 64, maxNodes: 10_000, maxStringLength: INPUT_LIMITS.stringLength };

/** Any YAML file the CLI reads (an alias bomb is refused here, before anything copies it). */
export const FILE_TREE_LIMITS: TreeLimits = { maxDepth: 256, maxNodes: 4_000_000 };
