#!/usr/bin/env bash
# Builds istioctl 1.27.9 from Go modules into the tools cache (outside the repo) and prints its path.
# Used by the parity suite (vitest project `parity`, run by `npm test`) and `npm run parity:diff`.
# The module proxy serves neither the istio.io/api nor the istio.io/client-go pseudo-versions that
# istio 1.27.9 pins, so go.mod replaces them: api v1.27.8 is the same commit (same timestamp), and
# client-go v1.27.3 is the newest 1.27 release the proxy serves (generated clients, API-compatible).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-buildvcs=false
V=1.27.9
C=b9159ca3e5d56b05f69f3a58d687b8767d5639dd
P=istio.io/istio/pkg/version
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
out="$cache_root/bin/istioctl-$V.$(go env GOVERSION)"
mkdir -p "$out"
# One lock for every build from the istio 1.27.9 module set (istioctl, pilot-discovery, template-runner):
# the tiers ask for them at the same time, and concurrent builds would each compile the same thousands of
# packages. Serialized, the first compiles and the others mostly link from Go's build cache.
exec 9>"$cache_root/bin/.istio-1.27.9-build.lock"
flock 9
if [ ! -x "$out/istioctl" ]; then
  echo "[build-istioctl] Building istioctl $V (a few minutes cold)" >&2
  (cd "$here/istioctl" && go build -p "$(nproc)" -trimpath \
    -ldflags "-s -w -X $P.buildVersion=$V -X $P.buildGitRevision=$C -X $P.buildStatus=Clean -X $P.buildTag=$V -X $P.buildHub=docker.io/istio" \
    -o "$out/istioctl.tmp" istio.io/istio/istioctl/cmd/istioctl)
  mv "$out/istioctl.tmp" "$out/istioctl"
fi
echo "$out/istioctl"
