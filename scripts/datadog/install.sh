#!/usr/bin/env bash
# Installs what the Datadog contract tests need into the Plumb cache, idempotently:
#  - a Python venv with Datadog's own OpenMetrics V2 check base (datadog-checks-base from PyPI),
#  - Datadog's v1 OpenAPI spec, taken from the datadog-api-client source package on PyPI.
# A second run with a complete cache does nothing. Prints the cache directory.
#
# datadog-checks-base's `[deps]` extra pins a certifi the registry does not serve, so the
# dependencies the OpenMetrics scraper needs are installed here: pinned as that extra pins
# them, except certifi (unpinned). ddtrace (tracing only) is left out.
set -euo pipefail

CHECKS_BASE_VERSION=38.7.0
API_CLIENT_VERSION=2.62.0
API_CLIENT_SHA256=fec6a649dac5dd7224f64662390005e6d6ce688029742278346f46190d0fc902
OPENAPI_SHA256=0164edff38d9c7393f0aafc40843dee38ac02090d212c2f31c193109fe972721
CACHE_ROOT="${PLUMB_CACHE:-$HOME/.cache/plumb}"
DIR="$CACHE_ROOT/datadog"
VENV="$DIR/venv-checks-base-$CHECKS_BASE_VERSION"
SPEC="$DIR/openapi-v1-$API_CLIENT_VERSION.yaml"
PYTHON="${PLUMB_PYTHON:-python3}"

mkdir -p "$DIR"

if [[ ! -f "$VENV/.complete" ]]; then
  command -v "$PYTHON" >/dev/null || { echo "datadog/install.sh: $PYTHON not found (Python 3.9+ is required)" >&2; exit 1; }
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check \
    "datadog-checks-base==$CHECKS_BASE_VERSION" \
    binary==1.0.2 cachetools==7.2.0 certifi cryptography==50.0.1 jellyfish==1.2.1 lazy-loader==0.5 \
    prometheus-client==0.26.0 protobuf==7.35.1 pydantic==2.13.5 python-dateutil==2.9.0.post0 pyyaml==6.0.3 \
    requests-toolbelt==1.0.0 requests-unixsocket2==1.0.1 requests==2.34.2 simplejson==4.1.2 urllib3==2.8.0 \
    wrapt==2.3.0 >&2
  "$VENV/bin/python" -c 'from datadog_checks.base.checks.openmetrics.v2.base import OpenMetricsBaseCheckV2; from datadog_checks.base.stubs import aggregator' >&2
  touch "$VENV/.complete"
fi

if [[ ! -f "$SPEC" ]] || ! echo "$OPENAPI_SHA256  $SPEC" | sha256sum -c --status; then
  TMP="$(mktemp -d)"
  trap 'rm -rf "$TMP"' EXIT
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
    "datadog-api-client==$API_CLIENT_VERSION" -d "$TMP" >&2
  TARBALL="$TMP/datadog_api_client-$API_CLIENT_VERSION.tar.gz"
  echo "$API_CLIENT_SHA256  $TARBALL" | sha256sum -c --status \
    || { echo "datadog/install.sh: sha256 mismatch for $TARBALL" >&2; exit 1; }
  tar -xzf "$TARBALL" -C "$TMP" "datadog_api_client-$API_CLIENT_VERSION/.generator/schemas/v1/openapi.yaml"
  mv "$TMP/datadog_api_client-$API_CLIENT_VERSION/.generator/schemas/v1/openapi.yaml" "$SPEC.tmp"
  echo "$OPENAPI_SHA256  $SPEC.tmp" | sha256sum -c --status \
    || { echo "datadog/install.sh: sha256 mismatch for the extracted openapi.yaml" >&2; exit 1; }
  mv "$SPEC.tmp" "$SPEC"
fi
echo "$DIR"
