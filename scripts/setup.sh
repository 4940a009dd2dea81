#!/usr/bin/env bash
# Installs everything Plumb's demo and tests need, idempotently. Safe to run often:
# each step checks first and does nothing when its part is already there.
#   scripts/setup.sh            everything the tests need
#   scripts/setup.sh --demo     only what the local demo needs (no kube-apiserver build)
set -euo pipefail
cd "$(dirname "$0")/.."
demo_only=false
[ "${1:-}" = "--demo" ] && demo_only=true
export PLUMB_CACHE="${PLUMB_CACHE:-$HOME/.cache/plumb}"
mkdir -p "$PLUMB_CACHE"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

need_apt=()
for pair in prometheus:prometheus promtool:prometheus prometheus-alertmanager:prometheus-alertmanager \
            prometheus-node-exporter:prometheus-node-exporter openssl:openssl vmalert:victoria-metrics; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need_apt+=("${pair#*:}")
done
if [ "$demo_only" = false ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  # Datadog's OpenMetrics check base runs in a Python venv (scripts/datadog/install.sh).
  command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
  python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  step "Installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need_apt[@]}" | sort -u) >/dev/null
fi
# Debian starts these as services where an init system runs; Plumb starts its own on loopback.
for svc in prometheus prometheus-alertmanager prometheus-node-exporter victoria-metrics; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
done

stamp=node_modules/.plumb-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

if [ "$demo_only" = false ]; then
  if [ -x scripts/kube/build.sh ] || [ -f scripts/kube/build.sh ]; then
    step "kube-apiserver and etcd (built from Go modules, cached in $PLUMB_CACHE/kube)"
    bash scripts/kube/build.sh
  fi
  step "helm and prometheus-operator CRDs (built from Go modules, cached in $PLUMB_CACHE/helm, $PLUMB_CACHE/prometheus-operator)"
  bash scripts/helm/build.sh
  bash scripts/helm/operator-crds.sh
  step "upstream promtool (built from the Prometheus Go module, cached in $PLUMB_CACHE/promtool; Debian's lacks Kubernetes discovery)"
  bash scripts/prometheus/build-promtool.sh
fi
if [ -f scripts/kafka/install.sh ]; then
  step "Kafka 3.9 broker classpath (Maven Central, cached in $PLUMB_CACHE/kafka)"
  bash scripts/kafka/install.sh
fi
if [ "$demo_only" = false ] && [ -f scripts/datadog/install.sh ]; then
  step "Datadog OpenMetrics check base and OpenAPI spec (PyPI, cached in $PLUMB_CACHE/datadog)"
  bash scripts/datadog/install.sh >/dev/null
fi
if [ "$demo_only" = false ] && [ -f scripts/python/install.sh ]; then
  step "Python tools: dbt-core, dbt-duckdb, sqlglot, pyspark (PyPI, venv in $PLUMB_CACHE/python)"
  bash scripts/python/install.sh
  step "Spark's Kafka source for PySpark (Maven Central)"
  bash scripts/python/spark-kafka.sh >/dev/null
fi
step "Setup complete"
