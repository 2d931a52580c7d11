#!/usr/bin/env bash
# Builds template-runner (istio 1.27.9's injection and gateway-deployment template code, see
# template-runner/main.go) into the tools cache, keyed by istio version and Go version, and prints its path.
# Same pinned module set as e2e/parity/istioctl, so after istioctl is built this is mostly a link step.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-buildvcs=false
if [ "${E2E_GOSUMDB_OFF:-}" = 1 ]; then export GOSUMDB=off; fi
command -v go >/dev/null || { echo "[build-template-runner] Go must be on PATH" >&2; exit 1; }
cache_root=${ISTIO_OPERATOR_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/istio-operator-e2e}
# The source hash is in the key: an edited main.go is rebuilt, never served stale from the cache.
src_hash=$(cat "$here/template-runner/main.go" "$here/template-runner/go.mod" | sha256sum | cut -c1-12)
out="$cache_root/bin/template-runner-1.27.9.$(go env GOVERSION).$src_hash"
mkdir -p "$out"
# One lock for every build from the istio 1.27.9 module set (istioctl, pilot-discovery, template-runner):
# the tiers ask for them at the same time, and concurrent builds would each compile the same thousands of
# packages. Serialized, the first compiles and the others mostly link from Go's build cache.
exec 9>"$cache_root/bin/.istio-1.27.9-build.lock"
flock 9
if [ ! -x "$out/template-runner" ]; then
  echo "[build-template-runner] Building template-runner (minutes cold, seconds after istioctl)" >&2
  (cd "$here/template-runner" && go build -p "$(nproc)" -trimpath -ldflags "-s -w" -o "$out/template-runner.tmp.$$" .)
  mv "$out/template-runner.tmp.$$" "$out/template-runner"
fi
echo "$out/template-runner"
