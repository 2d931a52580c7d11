// Pins the istio.io/api module whose generated CRDs the build writes for this pack (ADR 5, ADR 13).
// v1.27.8 is the api commit istio 1.27.9 builds with (see e2e/parity/istioctl/go.mod).
module build.invalid/istio-api

go 1.24.0

require istio.io/api v1.27.8
