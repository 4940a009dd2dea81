#!/usr/bin/env bash
# `npm test`: set up what the tests need, type-check, then run every test once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
printf '\n\033[1m==> Type-check (tsc -b)\033[0m\n'
npx tsc -b
printf '\n\033[1m==> Format (npm run format:check; npm run format fixes it)\033[0m\n'
npm run --silent format:check
printf '\n\033[1m==> Tests (vitest)\033[0m\n'
npx vitest run "$@"
