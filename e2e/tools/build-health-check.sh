#!/usr/bin/env bash
# Builds the GitOps health reader (health-check/: Flux kstatus + Argo CD's IstioOperator health.lua
# run by gopher-lua) into a cache outside the repository, and puts beside it the health.lua taken
# from the pinned argo-cd Go module (read from the module download, never committed).
# Prints the binary's path on the last line of stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-buildvcs=false
if [ "${E2E_GOSUMDB_OFF:-}" = 1 ]; then export GOSUMDB=off; fi

# v3.6.x needs Go 1.27; v3.5.7 is the newest that builds with the Go 1.26 toolchain of this project.
# The module is only downloaded, not built: its checksum is pinned here so GOSUMDB=off is still safe.
argo_module=github.com/argoproj/argo-cd/v3
argo_version=v3.5.7
argo_sum='h1:Xm1BF+I5OgDKUG3SDK49vn2/Y5AMyaNVko+/JT08gj0='
lua_rel=resource_customizations/install.istio.io/IstioOperator/health.lua

log() { printf '[build-health-check] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "Go (>= 1.26) must be on PATH"; exit 1; }
module_dir="$here/health-check"
kstatus_version=$(cd "$module_dir" && go list -m -f '{{.Version}}' sigs.k8s.io/cli-utils)
lua_version=$(cd "$module_dir" && go list -m -f '{{.Version}}' github.com/yuin/gopher-lua)
go_version=$(go env GOVERSION)
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
src_sum=$(cat "$module_dir/main.go" "$module_dir/go.sum" | sha256sum | cut -c1-12)
bin_dir="$cache_root/bin/health-check-cli-utils-$kstatus_version.gopher-lua-$lua_version.argo-cd-$argo_version.$go_version.$src_sum"
bin="$bin_dir/health-check"

if [ ! -x "$bin" ] || [ ! -f "$bin_dir/health.lua" ]; then
  mkdir -p "$bin_dir"
  log "Downloading $argo_module@$argo_version (for $lua_rel)"
  info=$(cd "$module_dir" && go mod download -json "$argo_module@$argo_version")
  sum=$(printf '%s' "$info" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",*$/\1/p')
  dir=$(printf '%s' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [ "$sum" = "$argo_sum" ] || { log "checksum of $argo_module@$argo_version is '$sum', expected $argo_sum"; exit 1; }
  [ -f "$dir/$lua_rel" ] || { log "$lua_rel not found in $dir"; exit 1; }
  cp "$dir/$lua_rel" "$bin_dir/health.lua.tmp" && mv "$bin_dir/health.lua.tmp" "$bin_dir/health.lua"
  log "Building health-check (kstatus $kstatus_version, gopher-lua $lua_version; cached in $bin_dir)"
  start=$SECONDS
  (cd "$module_dir" && go build -p "$(nproc)" -trimpath -o "$bin.tmp" .)
  mv "$bin.tmp" "$bin"
  log "Built health-check in $((SECONDS - start)) s"
fi
echo "$bin"
