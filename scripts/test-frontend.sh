#!/usr/bin/env bash
# Frontend checks: API contract drift (generated types vs the backend), lint (ESLint + Prettier),
# typecheck, unit tests (Vitest), production build with the entry-chunk size report. Prints the Vitest
# summary; exits non-zero if any step fails.
#   scripts/test-frontend.sh            # all steps
#   scripts/test-frontend.sh --no-build # skip the production build
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
use_node

cd "${ROOT}/frontend" || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "frontend: npm ci"
  npm ci --no-audit --no-fund || die "npm ci failed in frontend/"
fi

failed=()
step() {
  local name=$1
  shift
  log "frontend: ${name}"
  if ! "$@"; then
    failed+=("$name")
  fi
}

# The REST types and the realtime contract are generated from the backend (frontend/scripts/gen-api.mjs):
# regenerating must change nothing, so an API change cannot ship without its client types.
step "api contract" npm run --silent check:api
step lint npm run --silent lint
step format npx prettier --check --log-level warn .
step typecheck npm run --silent typecheck

out="$(mktemp)"
log "frontend: unit tests"
npx vitest run 2>&1 | tee "$out"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("unit tests")

if [ "${1:-}" != "--no-build" ]; then
  step build npm run --silent build:report
fi

echo
echo "frontend vitest summary:"
sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^ *(Test Files|Tests) ' || echo "  (no vitest summary: the runner did not finish)"
rm -f "$out"

if [ "${#failed[@]}" -gt 0 ]; then
  printf 'frontend: FAILED: %s\n' "${failed[*]}" >&2
  exit 1
fi
log "frontend: all checks passed"
