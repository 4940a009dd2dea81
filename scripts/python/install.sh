#!/usr/bin/env bash
# Installs the pinned Python tools of scripts/python/requirements.txt into a venv in the
# Plumb cache (PyPI only). Idempotent: with the same requirements already installed it
# does nothing. Prints the venv's directory.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE_ROOT="${PLUMB_CACHE:-$HOME/.cache/plumb}"
REQ="$HERE/requirements.txt"
want="$(sha256sum "$REQ" | cut -c1-12)"
VENV="$CACHE_ROOT/python/venv-$want"
STAMP="$VENV/.plumb-requirements"

if [[ -f "$STAMP" && -x "$VENV/bin/python" ]]; then
  echo "$VENV"
  exit 0
fi
PY="${PLUMB_PYTHON:-python3}"
command -v "$PY" >/dev/null || { echo "install.sh: $PY not found (Python 3.10+ is required)" >&2; exit 1; }
rm -rf "$VENV"
mkdir -p "$CACHE_ROOT/python"
"$PY" -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$REQ" >&2
"$VENV/bin/dbt" --version >/dev/null
cp "$REQ" "$STAMP"
echo "$VENV"
