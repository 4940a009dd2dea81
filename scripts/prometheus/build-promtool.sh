#!/usr/bin/env bash
# Builds upstream promtool from the Prometheus Go module into
#   ${PLUMB_CACHE:-$HOME/.cache/plumb}/promtool/<module-version>/bin/promtool
# Debian's Prometheus 2.42 is built without Kubernetes service discovery, so its promtool
# refuses `kubernetes_sd_configs`; the generated scrape configuration needs a promtool
# that knows every discovery the fleet uses (Kubernetes and EC2).
# Idempotent: a binary that is already there (and runs) is not rebuilt.
#
# Usage: scripts/prometheus/build-promtool.sh     (prints the binary's path on the last line)
# Env:   PLUMB_PROMETHEUS_MODULE_VERSION (v0.316.0 is Prometheus 3.16), PLUMB_CACHE, GOPROXY.
set -euo pipefail
# shellcheck source=../lib/go-build.sh
source "$(dirname "$0")/../lib/go-build.sh"

VERSION="${PLUMB_PROMETHEUS_MODULE_VERSION:-0.316.0}"
CACHE="${PLUMB_CACHE:-$HOME/.cache/plumb}"
# Only the discoveries Plumb's scrape configuration uses are compiled in (Prometheus' own
# build tags), which keeps the cold build short.
TAGS="netgo,builtinassets,remove_all_sd,enable_kubernetes_sd,enable_aws_sd"
GO_BUILD_NAME=promtool
go_build_dirs "$CACHE/promtool/$VERSION-k8s-aws"
go_build_env

works() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }
go_exit_if_cached "$BIN/promtool"
log "go $(go env GOVERSION), github.com/prometheus/prometheus v$VERSION, log $LOG"
go_wrapper_module "$W" plumb.local/promtool-wrapper scripts/prometheus/build-promtool.sh \
  "github.com/prometheus/prometheus v$VERSION" github.com/prometheus/prometheus/cmd/promtool
VPKG=github.com/prometheus/common/version
go_tidy_build "$W" "$BIN/promtool" github.com/prometheus/prometheus/cmd/promtool promtool \
  -tags "$TAGS" -ldflags="-s -w -X $VPKG.Version=module-v$VERSION" || exit 1
works "$BIN/promtool" || { log "promtool does not run; see $LOG"; exit 1; }
log "done: $BIN/promtool"
echo "$BIN/promtool"
