#!/usr/bin/env bash
# Builds the local control-plane binaries (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok) from the pinned wrapper modules under tools/, into a cache outside the
# repository keyed by tool, version and Go version. A binary already in the cache is reused.
# Prints the directory holding the binaries on the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-buildvcs=false
# A committed go.sum makes the checksum database unnecessary; allow building without it.
if [ "${E2E_GOSUMDB_OFF:-}" = 1 ]; then export GOSUMDB=off; fi

log() { printf '[build-tools] %s\n' "$*" >&2; }

K8S_VERSION=v1.34.10
K8S_MINOR=34
ETCD_VERSION=v3.6.14
KWOK_VERSION=v0.8.0
command -v go >/dev/null || { log "Go (>= 1.26, the kwok module's go line) must be on PATH"; exit 1; }
go_version=$(go env GOVERSION)
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
bin_dir="$cache_root/bin/k8s-$K8S_VERSION.etcd-$ETCD_VERSION.kwok-$KWOK_VERSION.$go_version"
mkdir -p "$bin_dir"

# build NAME MODULE_DIR LDFLAGS PACKAGE: go build into $bin_dir/NAME unless it already exists.
build() {
  local name=$1 dir=$2 ldflags=$3 pkg=$4
  if [ -x "$bin_dir/$name" ]; then return 0; fi
  log "Building $name (cold builds take minutes; output cached in $bin_dir)"
  local start=$SECONDS
  (cd "$here/tools/$dir" && go build -p "$(nproc)" -trimpath -tags=selinux,notest,grpcnotrace \
      -ldflags="$ldflags" -o "$bin_dir/$name.tmp" "$pkg")
  mv "$bin_dir/$name.tmp" "$bin_dir/$name"
  log "Built $name in $((SECONDS - start)) s"
}

k8s_ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$K8S_MINOR"
  k8s_ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=2026-01-01T00:00:00Z"
done

build etcd etcd "-s -w" go.etcd.io/etcd/server/v3
build kwok kwok "-s -w" sigs.k8s.io/kwok/cmd/kwok
# The Kubernetes binaries in one go build: it compiles each shared package once and links one binary while
# compiling the next, where four builds in a row would leave a core idle during every link.
# kubectl: for the demo, `kubectl wait`, and people looking into the test cluster.
k8s_cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
missing=()
for name in "${k8s_cmds[@]}"; do [ -x "$bin_dir/$name" ] || missing+=("$name"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "Building ${missing[*]} (cold builds take minutes; output cached in $bin_dir)"
  start=$SECONDS
  tmp_dir=$(mktemp -d "$bin_dir/.k8s-build.XXXXXX")
  (cd "$here/tools/k8s" && go build -p "$(nproc)" -trimpath -tags=selinux,notest,grpcnotrace \
      -ldflags="$k8s_ldflags" -o "$tmp_dir/" "${missing[@]/#/k8s.io/kubernetes/cmd/}")
  for name in "${missing[@]}"; do mv "$tmp_dir/$name" "$bin_dir/$name"; done
  rmdir "$tmp_dir"
  log "Built ${missing[*]} in $((SECONDS - start)) s"
fi

# kwok v0.8.0 has no built-in stages; the stage files ship inside its module. Copy them (a few KB)
# next to the binaries so the cache survives `go clean -modcache`.
if [ -L "$bin_dir/kwok-stages" ] || [ ! -f "$bin_dir/kwok-stages/pod/fast/pod-delete.yaml" ]; then
  kwok_dir=$(cd "$here/tools/kwok" && go mod download -json sigs.k8s.io/kwok |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ -d "$kwok_dir/kustomize/stage" ] || { log "kwok module has no kustomize/stage ($kwok_dir)"; exit 1; }
  rm -rf "$bin_dir/kwok-stages" "$bin_dir/kwok-stages.tmp"
  cp -R "$kwok_dir/kustomize/stage" "$bin_dir/kwok-stages.tmp"
  chmod -R u+w "$bin_dir/kwok-stages.tmp"
  mv "$bin_dir/kwok-stages.tmp" "$bin_dir/kwok-stages"
fi
echo "$bin_dir"
