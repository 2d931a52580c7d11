#!/usr/bin/env bash
# Builds one tool (istioctl or pilot-discovery) of one Istio release into the tools cache and prints its path.
#   build-istio-release.sh <version> <istioctl|pilot-discovery>
# 1.31.0 comes from the Go module proxy through the wrapper module e2e/tools/istio-1.31.0 (go.sum committed).
# 1.30.3, 1.29.6 and 1.28.10 come from the source archives in ../shared/istio-src: those releases pin
# pseudo-versions the proxy refuses, so the replace lines below name served equivalents (the archive
# README gives the reasons). Builds of one release are serialized: the second mostly links from the cache.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
V=${1:?version} T=${2:?tool}
P=istio.io/istio/pkg/version
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
src_dir=${ISTIO_SRC_DIR:-$here/../../../shared/istio-src}
case "$T" in istioctl) pkg=istioctl/cmd/istioctl ;; pilot-discovery) pkg=pilot/cmd/pilot-discovery ;; *) echo "unknown tool $T" >&2; exit 2 ;; esac
replaces=()
case "$V" in
  1.31.0) C=eed52ebb66ad ;;
  1.30.3) C=56df41f63e513f834c9a3af33d8aed82d1d961f2
    replaces=('github.com/envoyproxy/go-control-plane/contrib => github.com/envoyproxy/go-control-plane/contrib v1.36.1-0.20260713214202-ca8ce173c36f'
      'github.com/envoyproxy/go-control-plane/envoy => github.com/envoyproxy/go-control-plane/envoy v1.38.0'
      'istio.io/client-go => istio.io/client-go v1.30.3'
      "github.com/agentgateway/agentgateway/api => $cache_root/src/agentgateway-api@6ae4ab07bb06") ;;
  1.29.6) C=7019d6d3608e4995e9a36d2977cfec3a341431cd
    replaces=('istio.io/api => istio.io/api v1.29.6' 'istio.io/client-go => istio.io/client-go v1.29.6') ;;
  1.28.10) C=ff49c1889ebad8d444b8f82425a2fd326c039e54
    replaces=('istio.io/api => istio.io/api v1.28.0' 'istio.io/client-go => istio.io/client-go v1.28.0') ;;
  *) echo "[build-istio-release] no recipe for Istio $V" >&2; exit 2 ;;
esac
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
out="$cache_root/bin/$T-$V.$(go env GOVERSION)"
mkdir -p "$out" "$cache_root/src"
exec 9>"$cache_root/bin/.istio-$V-build.lock"
flock 9
if [ -x "$out/$T" ]; then echo "$out/$T"; exit 0; fi
flags="-s -w -X $P.buildVersion=$V -X $P.buildGitRevision=$C -X $P.buildStatus=Clean -X $P.buildTag=$V -X $P.buildHub=docker.io/istio"
if [ "$V" = 1.31.0 ]; then
  build_dir="$here/istio-$V" target="istio.io/istio/$pkg"
  export GOFLAGS="-mod=readonly -buildvcs=false"
else
  build_dir="$cache_root/src/istio-$V" target="./$pkg"
  if [ ! -f "$build_dir/.prepared" ]; then
    archive="$src_dir/istio-$V.tar.gz"
    [ -f "$archive" ] || { echo "[build-istio-release] missing source archive $archive" >&2; exit 1; }
    if [ "$V" = 1.30.3 ] && [ ! -d "$cache_root/src/agentgateway-api@6ae4ab07bb06" ]; then
      mkdir -p "$cache_root/src/agentgateway-api@6ae4ab07bb06.tmp"
      tar -xzf "$src_dir/agentgateway-api-6ae4ab07bb06.tar.gz" -C "$cache_root/src/agentgateway-api@6ae4ab07bb06.tmp" --strip-components=1
      mv "$cache_root/src/agentgateway-api@6ae4ab07bb06.tmp" "$cache_root/src/agentgateway-api@6ae4ab07bb06"
    fi
    rm -rf "$build_dir" "$build_dir.tmp" && mkdir -p "$build_dir.tmp"
    tar -xzf "$archive" -C "$build_dir.tmp" --strip-components=1
    for r in "${replaces[@]}"; do echo "replace $r" >>"$build_dir.tmp/go.mod"; done
    touch "$build_dir.tmp/.prepared" && mv "$build_dir.tmp" "$build_dir"
  fi
  export GOFLAGS="-mod=mod -buildvcs=false" GOSUMDB=off
fi
echo "[build-istio-release] Building $T $V (several minutes cold)" >&2
(cd "$build_dir" && go build -p "$(nproc)" -trimpath -ldflags "$flags" -o "$out/$T.tmp" "$target")
mv "$out/$T.tmp" "$out/$T"
echo "$out/$T"
