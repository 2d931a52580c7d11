#!/usr/bin/env bash
# Builds istioctl and the in-cluster operator of Istio 1.23.6 (the last release that had one) from the
# source archive in ../shared/istio-src into the tools cache, and prints the binaries' folder.
# The archive pins istio.io/api and istio.io/client-go pseudo-versions the module proxy refuses; the
# replace lines take the newest served 1.23 tags instead (generated API code, same schema).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
V=1.23.6
C=6a112a28410654328342c68f82da48920e34f062
P=istio.io/istio/pkg/version
archive=${ISTIO_SRC_DIR:-$here/../../../shared/istio-src}/istio-$V.tar.gz
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
out="$cache_root/bin/istio-$V.$(go env GOVERSION)"
src="$cache_root/src/istio-$V"
mkdir -p "$out" "$cache_root/src"
exec 9>"$cache_root/bin/.istio-$V-build.lock"
flock 9
if [ -x "$out/istioctl" ] && [ -x "$out/operator" ]; then echo "$out"; exit 0; fi
[ -f "$archive" ] || { echo "[build-istio-$V] missing source archive $archive" >&2; exit 1; }
if [ ! -f "$src/.prepared" ]; then
  rm -rf "$src" "$src.tmp" && mkdir -p "$src.tmp"
  tar -xzf "$archive" -C "$src.tmp" --strip-components=1
  printf '%s\n' 'replace istio.io/api => istio.io/api v1.23.4' 'replace istio.io/client-go => istio.io/client-go v1.23.3' >>"$src.tmp/go.mod"
  touch "$src.tmp/.prepared" && mv "$src.tmp" "$src"
fi
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" GOSUMDB=off
flags="-s -w -X $P.buildVersion=$V -X $P.buildGitRevision=$C -X $P.buildStatus=Clean -X $P.buildTag=$V -X $P.buildHub=docker.io/istio"
for target in istioctl/cmd/istioctl:istioctl operator/cmd/operator:operator; do
  pkg=${target%%:*} name=${target##*:}
  [ -x "$out/$name" ] && continue
  echo "[build-istio-$V] Building $name $V (a few minutes cold)" >&2
  (cd "$src" && go build -p "$(nproc)" -trimpath -ldflags "$flags" -o "$out/$name.tmp" "./$pkg")
  mv "$out/$name.tmp" "$out/$name"
done
echo "$out"
