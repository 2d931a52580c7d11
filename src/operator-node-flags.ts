/**
 * Node flags of the operator process (`istio-operator run`), in one place: the image's ENTRYPOINT
 * carries them (src/packaging/dockerfile.test.ts checks it) and every local launcher (e2e, demo,
 * benchmarks) passes the same, so what is measured is what ships.
 *
 * A reconcile allocates a lot of short-lived data (render, parse, compare) and V8 then grows the young
 * generation to its 16 MiB-per-semi-space default and keeps it committed; capped at 2 MiB the process
 * sits ~12 MiB lower at rest (bench `scale`), for scavenges that stay well under a millisecond.
 */
export const OPERATOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
