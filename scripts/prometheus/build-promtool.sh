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
go_build_prometheus_cmd promtool "$CACHE/promtool/$VERSION-k8s-aws" \
  "netgo,builtinassets,remove_all_sd,enable_kubernetes_sd,enable_aws_sd" scripts/prometheus/build-promtool.sh
