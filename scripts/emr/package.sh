#!/usr/bin/env bash
# Builds the self-contained EMR artefact of plumb-exporter:
#   dist/emr/plumb-exporter-<version>-linux-<arch>.tar.gz (+ .sha256)
# holding node/bin/node (the official Node runtime, from the npm registry's node-linux-<arch>
# package) and exporter/dist (the bundle, every dependency inside). EMR nodes fetch it from
# S3 only: nothing is installed from the internet on the node.
# Why a bundle plus Node rather than a Node single-executable application: on Node 20 a SEA
# embeds one CommonJS script and cannot load the bundle's lazily imported ESM chunks, which
# keep Kafka and Kubernetes code out of memory until an option needs them.
#
# Usage: scripts/emr/package.sh [x64|arm64]      (prints the tarball path on the last line)
# Env:   PLUMB_NODE_RUNTIME_VERSION (default: this Node's version), PLUMB_CACHE.
set -euo pipefail
cd "$(dirname "$0")/../.."
ARCH="${1:-x64}"
case "$ARCH" in x64|arm64) ;; *) echo "package.sh: arch must be x64 or arm64, got $ARCH" >&2; exit 2 ;; esac
NODE_VERSION="${PLUMB_NODE_RUNTIME_VERSION:-$(node -p 'process.versions.node')}"
VERSION="$(node -p "require('./exporter/package.json').version")"
CACHE="${PLUMB_CACHE:-$HOME/.cache/plumb}/node-runtime/$NODE_VERSION-$ARCH"
OUT=dist/emr
NAME="plumb-exporter-$VERSION-linux-$ARCH"

if [[ ! -x "$CACHE/package/bin/node" ]]; then
  mkdir -p "$CACHE"
  (cd "$CACHE" && npm pack --silent "node-linux-$ARCH@$NODE_VERSION" >/dev/null && tar -xzf "node-linux-$ARCH-$NODE_VERSION.tgz" && rm -f "node-linux-$ARCH-$NODE_VERSION.tgz")
fi
node exporter/scripts/build.mjs >/dev/null
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME/node/bin" "$STAGE/$NAME/exporter" "$STAGE/$NAME/systemd"
cp "$CACHE/package/bin/node" "$STAGE/$NAME/node/bin/node"
cp -r exporter/dist "$STAGE/$NAME/exporter/dist"
cp deploy/emr/plumb-exporter.service "$STAGE/$NAME/systemd/"
echo "$VERSION node-v$NODE_VERSION linux-$ARCH" > "$STAGE/$NAME/VERSION"
mkdir -p "$OUT"
# Deterministic archive: sorted names, fixed owner and time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2020-01-01 00:00Z' -C "$STAGE" -czf "$OUT/$NAME.tar.gz" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
echo "$OUT/$NAME.tar.gz"
