#!/usr/bin/env bash
# Builds kube-apiserver and etcd from their Go modules into
#   ${PLUMB_CACHE:-$HOME/.cache/plumb}/kube/<kube-version>/bin/
# Idempotent: a binary that is already there (and runs) is not rebuilt.
#
# Only the Go module proxy is reachable, so envtest's downloader cannot be used.
# Kubernetes is not meant to be consumed as a module: its go.mod points every
# k8s.io/* staging module at ./staging. A small wrapper module therefore
# requires k8s.io/kubernetes and replaces each staging module with its
# published v0.Y.Z tag (kubernetes v1.Y.Z <-> staging v0.Y.Z).
#
# Usage: scripts/kube/build.sh            (prints the bin dir on the last line)
# Env:   PLUMB_KUBE_VERSION (default below), PLUMB_CACHE, GOPROXY.
set -euo pipefail
# shellcheck source=../lib/go-build.sh
source "$(dirname "$0")/../lib/go-build.sh"

KUBE_VERSION="${PLUMB_KUBE_VERSION:-1.37.2}"
CACHE="${PLUMB_CACHE:-$HOME/.cache/plumb}"
GO_BUILD_NAME=kube
ROOT="$CACHE/kube/$KUBE_VERSION"
BIN="$ROOT/bin"
LOG="$ROOT/build.log"
mkdir -p "$BIN" "$ROOT/wrapper-apiserver" "$ROOT/wrapper-etcd"

go_build_env
export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"

works() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }
GO_BUILD_PRINTS="$BIN" go_exit_if_cached "$BIN/kube-apiserver" "$BIN/etcd"

log "go $(go env GOVERSION), kubernetes v$KUBE_VERSION, cache $ROOT, log $LOG"

# --- fetch kubernetes' go.mod to learn the staging modules and the etcd pin --
KMOD_JSON=$(go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" 2>>"$LOG" || true)
KMOD=$(printf '%s' "$KMOD_JSON" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
if [[ -z "$KMOD" || ! -f "$KMOD" ]]; then
  log "could not download k8s.io/kubernetes@v$KUBE_VERSION from $GOPROXY; see $LOG"; exit 1
fi
STAGING_VERSION="v0.${KUBE_VERSION#1.}"
# Only staging modules that kubernetes actually requires get a replace line;
# sample-* modules are replaced upstream but never published.
mapfile -t STAGING < <(awk '/^require/,/^\)/' "$KMOD" | awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' | sort -u)
ETCD_VERSION=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2; exit}' "$KMOD")
log "staging modules: ${#STAGING[@]} at $STAGING_VERSION; etcd pinned at $ETCD_VERSION"

# --- kube-apiserver ----------------------------------------------------------
if ! works "$BIN/kube-apiserver"; then
  W="$ROOT/wrapper-apiserver"
  REPLACE="replace ("$'\n'
  for m in "${STAGING[@]}"; do REPLACE+="	$m => $m $STAGING_VERSION"$'\n'; done
  REPLACE+=")"
  go_wrapper_module "$W" plumb.local/kube-wrapper scripts/kube/build.sh "k8s.io/kubernetes v$KUBE_VERSION" k8s.io/kubernetes/cmd/kube-apiserver "$REPLACE"
  # Stamp the version as Kubernetes' own build does, so `--version` and /version tell the truth.
  VPKG=k8s.io/component-base/version
  LDFLAGS="-s -w -X $VPKG.gitVersion=v$KUBE_VERSION -X $VPKG.gitMajor=${KUBE_VERSION%%.*} -X $VPKG.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) -X $VPKG.gitTreeState=clean"
  log "kube-apiserver takes a while on 2 cores"
  go_tidy_build "$W" "$BIN/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver -ldflags="$LDFLAGS" || exit 1
  log "kube-apiserver built"
fi

# --- etcd ----------------------------------------------------------------------
if ! works "$BIN/etcd"; then
  W="$ROOT/wrapper-etcd"
  go_wrapper_module "$W" plumb.local/etcd-wrapper scripts/kube/build.sh "go.etcd.io/etcd/server/v3 $ETCD_VERSION" go.etcd.io/etcd/server/v3
  go_tidy_build "$W" "$BIN/etcd" go.etcd.io/etcd/server/v3 etcd -ldflags='-s -w' || exit 1
  log "etcd built"
fi

works "$BIN/kube-apiserver" && works "$BIN/etcd" || { log "binaries do not run; see $LOG"; exit 1; }
log "done: $BIN"
echo "$BIN"
