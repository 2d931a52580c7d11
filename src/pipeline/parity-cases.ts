/**
 * The renders compared with istioctl 1.27.9. Each case is a list of `--set` flags given verbatim to both
 * `istioctl manifest generate` and our pipeline; the inventory of istioctl's output is committed as
 * `testdata/istioctl-parity/<name>.json` (refreshed by `npm run parity:refresh`).
 */
export interface ParityCase {
  name: string;
  setFlags: string[];
}

/** Pinned on both sides so neither side's built-in default decides the images. */
const IMAGE_FLAGS = ['hub=docker.io/istio', 'tag=1.27.9'];

export const PARITY_CASES: readonly ParityCase[] = [
  { name: 'default', setFlags: ['profile=default', ...IMAGE_FLAGS] },
  { name: 'demo', setFlags: ['profile=demo', ...IMAGE_FLAGS] },
  { name: 'minimal', setFlags: ['profile=minimal', ...IMAGE_FLAGS] },
  { name: 'empty', setFlags: ['profile=empty', ...IMAGE_FLAGS] },
  { name: 'minimal-revision-canary', setFlags: ['profile=minimal', ...IMAGE_FLAGS, 'revision=canary'] },
  {
    name: 'default-istio-control',
    setFlags: ['profile=default', ...IMAGE_FLAGS, 'values.global.istioNamespace=istio-control'],
  },
];
