#!/usr/bin/env bash
# `npm start`: the main job. Sets up what the demo needs, compiles the example
# desired-state spec into Prometheus rules, checks them with the real promtool,
# then checks this machine against the spec and prints the drift table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo
work="${PLUMB_WORK:-.work/demo}"
spec="${PLUMB_SPEC:-examples/paywave/desired-state.yaml}"
mkdir -p "$work"
# A demo fleet salt, made once. Real fleets keep theirs in a secret store (see docs/exporter.md).
if [ ! -s "$work/salt" ]; then
  (umask 077; node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$work/salt")
fi
plumb() { node core/bin/plumb.mjs "$@"; }
printf '\n\033[1m==> plumb validate %s\033[0m\n' "$spec"
plumb validate "$spec"
printf '\n\033[1m==> plumb compile %s --out %s/rules\033[0m\n' "$spec" "$work"
plumb compile "$spec" --out "$work/rules" --salt-file "$work/salt"
printf '\n\033[1m==> promtool check rules %s/rules/plumb-rules.yaml\033[0m\n' "$work"
promtool check rules "$work/rules/plumb-rules.yaml"
printf '\n\033[1m==> plumb check %s (this machine)\033[0m\n' "$spec"
set +e
plumb check "$spec" --salt-file "$work/salt" "$@"
rc=$?
set -e
case $rc in
  0) echo "This machine matches the desired state." ;;
  1) echo "Drift found on this machine (exit 1): see the table above." ;;
  3) echo "Partial report (exit 3): some collectors failed; their dimensions are unknown, not compliant." ;;
  *) exit $rc ;;
esac
