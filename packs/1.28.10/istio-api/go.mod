// Pins the istio.io/api module whose generated CRDs the build writes for this pack (ADR 5, ADR 13).
// istio 1.28.10 pins v1.28.9, which the module proxy refuses; v1.28.0 is the served 1.28 tag its build uses
// (e2e/tools/build-istio-release.sh), and its CRDs are what istioctl 1.28.10 built that way renders.
module build.invalid/istio-api

go 1.24.0

require istio.io/api v1.28.0
