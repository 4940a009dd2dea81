#!/usr/bin/env bash
# `npm start`: the main job. Sets up what the demo needs (Debian's Prometheus and
# Alertmanager, npm ci), validates the example spec, then runs the local stack:
# 1,000 simulated nodes in 3 regions, 3 regional Prometheus servers with the rules
# compiled from the spec, a global Prometheus, Alertmanager and plumb-hooks (dry-run),
# through the default scenario. It ends with a report; Ctrl-C stops it cleanly.
#   npm start -- --nodes 300 --fast          smaller fleet, 2 s intervals, short alert timers
#   npm start -- --scenario FILE --duration 10m
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo
spec="${PLUMB_SPEC:-examples/paywave/desired-state.yaml}"
printf '\n\033[1m==> plumb validate %s\033[0m\n' "$spec"
node cli/bin/plumb.mjs validate "$spec"
printf '\n\033[1m==> plumb sim run %s\033[0m\n' "$*"
exec node cli/bin/plumb.mjs sim run --spec "$spec" "$@"
