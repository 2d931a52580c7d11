#!/usr/bin/env bash
# Builds pilot-discovery (istiod) 1.27.9 from Go modules into the tools cache and prints its path.
# Reuses the istioctl wrapper module (same istio.io/istio version and the same replaces, see
# build-istioctl.sh for why they are needed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-buildvcs=false
V=1.27.9
C=b9159ca3e5d56b05f69f3a58d687b8767d5639dd
P=istio.io/istio/pkg/version
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
out="$cache_root/bin/pilot-discovery-$V.$(go env GOVERSION)"
mkdir -p "$out"
# One lock for every build from the istio 1.27.9 module set (istioctl, pilot-discovery, template-runner):
# the tiers ask for them at the same time, and concurrent builds would each compile the same thousands of
# packages. Serialized, the first compiles and the others mostly link from Go's build cache.
exec 9>"$cache_root/bin/.istio-1.27.9-build.lock"
flock 9
if [ ! -x "$out/pilot-discovery" ]; then
  echo "[build-pilot-discovery] Building pilot-discovery $V (a few minutes cold)" >&2
  (cd "$here/istioctl" && go build -p "$(nproc)" -trimpath \
    -ldflags "-s -w -X $P.buildVersion=$V -X $P.buildGitRevision=$C -X $P.buildStatus=Clean -X $P.buildTag=$V -X $P.buildHub=docker.io/istio" \
    -o "$out/pilot-discovery.tmp" istio.io/istio/pilot/cmd/pilot-discovery)
  mv "$out/pilot-discovery.tmp" "$out/pilot-discovery"
fi
echo "$out/pilot-discovery"
