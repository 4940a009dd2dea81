#!/usr/bin/env bash
# Reports the effective dbt setup of this run to the plumb-exporter on the node.
# dbt's own on-run-start hooks run SQL in the warehouse, not shell, so this runs
# at the start of the container (or from the orchestrator) right before `dbt run`:
#
#   plumb-report.sh && dbt run --target prod
#
# It reports: dbt and adapter versions, the target and profile names and the hash
# of package-lock.yml. Never the profile's credentials. Never fails the run.
set -u
DBT_PROJECT_DIR="${DBT_PROJECT_DIR:-/usr/app/dbt}"
URL="${PLUMB_EXPORTER_URL:-http://127.0.0.1:9731}/v1/report"
WORKLOAD="${PLUMB_WORKLOAD:-dbt-runner}"
ID="${HOSTNAME:-$(hostname)}/$$"

dbt_version="$(dbt --version 2>/dev/null | sed -n 's/.*installed: *\([0-9][^ ]*\).*/\1/p' | head -n1)"
adapter_version="$(dbt --version 2>/dev/null | sed -n 's/.*snowflake: *\([0-9][^ ]*\).*/\1/p' | head -n1)"
lock_sha="$(sed -n 's/^sha1_hash: *//p' "$DBT_PROJECT_DIR/package-lock.yml" 2>/dev/null | head -n1)"
target="${DBT_TARGET:-$(sed -n 's/^ *target: *//p' "${DBT_PROFILES_DIR:-$HOME/.dbt}/profiles.yml" 2>/dev/null | head -n1)}"

json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
body=$(printf '{"workload":"%s","id":"%s","source":"dbt","ttlSeconds":%s,"config":{"dbt.version":"%s","dbt.adapter.snowflake":"%s","dbt.target":"%s","dbt.packages.sha1":"%s"}}' \
  "$(json_escape "$WORKLOAD")" "$(json_escape "$ID")" "${PLUMB_REPORT_TTL:-3600}" \
  "$(json_escape "$dbt_version")" "$(json_escape "$adapter_version")" "$(json_escape "$target")" "$(json_escape "$lock_sha")")

# The pod's projected service-account token, when mounted (exporters with --report-auth token).
TOKEN_FILE="${PLUMB_EXPORTER_TOKEN_FILE:-/var/run/secrets/plumb/token}"
auth=()
[ -r "$TOKEN_FILE" ] && auth=(-H "authorization: Bearer $(cat "$TOKEN_FILE")")
curl --silent --show-error --max-time 2 --noproxy '*' --output /dev/null \
  -H 'content-type: application/json' "${auth[@]}" --data "$body" "$URL" || true
exit 0
