// Pins the istio.io/api module whose generated CRDs the build writes for this pack (ADR 5, ADR 13).
// v1.30.3-0.20260710004328-2e43f07b30b6 is the api commit istio 1.30.3 pins in its go.mod (the proxy serves it).
module build.invalid/istio-api

go 1.24.0

require istio.io/api v1.30.3-0.20260710004328-2e43f07b30b6
