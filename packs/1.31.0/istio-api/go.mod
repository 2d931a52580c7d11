// Pins the istio.io/api module whose generated CRDs the build writes for this pack (ADR 5, ADR 13).
// v1.31.0-rc.0.0.20260824154656-b943409680a7 is the api commit istio 1.31.0 builds with (see e2e/tools/istio-1.31.0/go.mod).
module build.invalid/istio-api

go 1.24.0

require istio.io/api v1.31.0-rc.0.0.20260824154656-b943409680a7
