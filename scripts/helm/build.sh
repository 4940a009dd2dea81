#!/usr/bin/env bash
# Builds helm from its Go module into
#   ${PLUMB_CACHE:-$HOME/.cache/plumb}/helm/<helm-version>/bin/helm
# Idempotent: a binary that is already there (and runs) is not rebuilt.
#
# Only the Go module proxy is reachable, so helm's release tarballs cannot be
# downloaded. A small wrapper module requires helm.sh/helm/v3 at the pinned
# version and builds cmd/helm with the version stamped as helm's Makefile does.
#
# Usage: scripts/helm/build.sh            (prints the binary's path on the last line)
# Env:   PLUMB_HELM_VERSION (default below), PLUMB_CACHE, GOPROXY.
set -euo pipefail
# shellcheck source=../lib/go-build.sh
source "$(dirname "$0")/../lib/go-build.sh"

HELM_VERSION="${PLUMB_HELM_VERSION:-3.22.0}"
CACHE="${PLUMB_CACHE:-$HOME/.cache/plumb}"
GO_BUILD_NAME=helm
go_build_dirs "$CACHE/helm/$HELM_VERSION"
go_build_env

works() { [[ -x "$1" ]] && "$1" version --short 2>/dev/null | grep -q "v$HELM_VERSION"; }
go_exit_if_cached "$BIN/helm"

log "go $(go env GOVERSION), helm v$HELM_VERSION, cache $ROOT, log $LOG"
go_wrapper_module "$W" plumb.local/helm-wrapper scripts/helm/build.sh "helm.sh/helm/v3 v$HELM_VERSION" helm.sh/helm/v3/cmd/helm
# Stamp the version as helm's Makefile does, so `helm version` tells the truth.
VPKG=helm.sh/helm/v3/internal/version
LDFLAGS="-s -w -X $VPKG.version=v$HELM_VERSION -X $VPKG.gitTreeState=clean"
go_tidy_build "$W" "$BIN/helm" helm.sh/helm/v3/cmd/helm helm -ldflags="$LDFLAGS" || exit 1
works "$BIN/helm" || { log "helm does not run or reports another version; see $LOG"; exit 1; }
log "done: $BIN/helm"
echo "$BIN/helm"
