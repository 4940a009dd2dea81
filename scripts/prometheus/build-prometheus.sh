#!/usr/bin/env bash
# Builds upstream Prometheus (the server) from its Go module into
#   ${PLUMB_CACHE:-$HOME/.cache/plumb}/prometheus/<module-version>/bin/prometheus
# Only the rule benchmark uses it (`bench/rule-eval --engine upstream`), as a peer of
# Debian's Prometheus 2.42, which every test runs: the same compiled rules, measured on
# the Prometheus a fleet installs today. Service discoveries are left out (the
# benchmark scrapes static targets), which keeps the cold build short.
# Idempotent: a binary that is already there (and runs) is not rebuilt.
#
# Usage: scripts/prometheus/build-prometheus.sh     (prints the binary's path on the last line)
# Env:   PLUMB_PROMETHEUS_MODULE_VERSION (v0.316.0 is Prometheus 3.16), PLUMB_CACHE, GOPROXY.
set -euo pipefail
# shellcheck source=../lib/go-build.sh
source "$(dirname "$0")/../lib/go-build.sh"

VERSION="${PLUMB_PROMETHEUS_MODULE_VERSION:-0.316.0}"
CACHE="${PLUMB_CACHE:-$HOME/.cache/plumb}"
TAGS="netgo,remove_all_sd"
GO_BUILD_NAME=prometheus
go_build_dirs "$CACHE/prometheus/$VERSION"
go_build_env

works() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }
go_exit_if_cached "$BIN/prometheus"
log "go $(go env GOVERSION), github.com/prometheus/prometheus v$VERSION, log $LOG"
go_wrapper_module "$W" plumb.local/prometheus-wrapper scripts/prometheus/build-prometheus.sh \
  "github.com/prometheus/prometheus v$VERSION" github.com/prometheus/prometheus/cmd/prometheus
VPKG=github.com/prometheus/common/version
go_tidy_build "$W" "$BIN/prometheus" github.com/prometheus/prometheus/cmd/prometheus prometheus \
  -tags "$TAGS" -ldflags="-s -w -X $VPKG.Version=module-v$VERSION" || exit 1
works "$BIN/prometheus" || { log "prometheus does not run; see $LOG"; exit 1; }
log "done: $BIN/prometheus"
echo "$BIN/prometheus"
