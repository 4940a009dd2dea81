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
go_build_prometheus_cmd prometheus "$CACHE/prometheus/$VERSION" "netgo,remove_all_sd" scripts/prometheus/build-prometheus.sh
