#!/usr/bin/env bash
# Builds helm from the pinned wrapper module in helm/ (no binary downloads) into a cache outside the
# repository, keyed by helm version and Go version. A binary already in the cache is reused.
# Prints the path of the helm binary on the last line of stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-buildvcs=false
# A committed go.sum makes the checksum database unnecessary; allow building without it.
if [ "${E2E_GOSUMDB_OFF:-}" = 1 ]; then export GOSUMDB=off; fi

log() { printf '[build-helm] %s\n' "$*" >&2; }

command -v go >/dev/null || { log "Go (>= 1.26, the helm module's go line) must be on PATH"; exit 1; }
module_dir="$here/helm"
# The versions come from the committed go.mod, so bumping helm there is the only edit needed.
helm_version=$(cd "$module_dir" && go list -m -f '{{.Version}}' helm.sh/helm/v3)
client_go=$(cd "$module_dir" && go list -m -f '{{.Version}}' k8s.io/client-go)
go_version=$(go env GOVERSION)
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
bin_dir="$cache_root/bin/helm-$helm_version.$go_version"
helm_bin="$bin_dir/helm"

if [ ! -x "$helm_bin" ]; then
  mkdir -p "$bin_dir"
  # Same stamping as helm's Makefile: the version `helm version` prints and the Kubernetes version
  # that `helm lint`/`template` assume (client-go v0.N.x -> Kubernetes 1.N).
  k8s_minor=$(printf '%s' "$client_go" | cut -d. -f2)
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version"
  ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$k8s_minor"
  done
  log "Building helm $helm_version (a cold build takes a few minutes; output cached in $bin_dir)"
  start=$SECONDS
  (cd "$module_dir" && go build -p "$(nproc)" -trimpath -ldflags="$ldflags" -o "$helm_bin.tmp" helm.sh/helm/v3/cmd/helm)
  mv "$helm_bin.tmp" "$helm_bin"
  log "Built helm in $((SECONDS - start)) s"
fi
echo "$helm_bin"
