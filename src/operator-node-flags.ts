/**
 * Node flags of the operator process (`istio-operator run`), in one place: the image's ENTRYPOINT
 * carries them (src/packaging/dockerfile.test.ts checks it) and every local launcher (e2e, demo,
 * benchmarks) passes the same, so what is measured is what ships.
 *
 * A reconcile allocates a lot of short-lived data (render, parse, compare) and V8 then grows the young
 * generation to its 16 MiB-per-semi-space default and keeps it committed at rest. Capped at 2 MiB:
 * 30 IstioOperators, 30 s idle (bench `scale`): 87.5 MiB RSS, young generation 1 MiB; without the cap
 * 126.7 MiB, young generation 32 MiB. The heap in use is about the same (20-26 MiB).
 */
export const OPERATOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
