// Pins the istio.io/api module whose generated CRDs the build writes for this pack (ADR 5, ADR 13).
// Istio 1.29.6 pins the api pseudo-version v1.29.6-0.20260710004629-1092f7f89789, which the module proxy
// does not serve; v1.29.6 is the tag of the same release branch (the parity build uses it too).
module build.invalid/istio-api

go 1.24.0

require istio.io/api v1.29.6
