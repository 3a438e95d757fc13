#!/usr/bin/env bash
# `make test`: installs what is missing, starts the real test services (Postgres 17,
# Redis, S3 server), runs every suite, stops the services, prints one summary.
# No `set -e`: every suite runs even when an earlier one fails; the exit code says.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

bash "${ROOT}/scripts/deps.sh" || die "installing dependencies failed"
use_node
export ROO_TEST_STATE_DIR="${ROO_TEST_STATE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/roo-test.XXXXXX")}"
trap 'bash "${ROOT}/scripts/test-services.sh" stop >/dev/null 2>&1 || true' EXIT
bash "${ROOT}/scripts/test-services.sh" start || die "starting the test services failed"

results=()
total_passed=0
total_failed=0
failed_suites=0

# Runs one suite; its counts come from vitest's "Tests  N passed" line, node's
# "ℹ pass N" lines, or a plain "N passed, N failed" line.
suite() {
  local name=$1
  shift
  local out
  out="$(mktemp)"
  log "suite: ${name}"
  local start=$SECONDS
  "$@" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  local clean passed failed
  clean="$(sed 's/\x1b\[[0-9;]*m//g' "$out")"
  passed="$(grep -oE '^ *Tests +.*' <<<"$clean" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')"
  failed="$(grep -oE '^ *Tests +.*' <<<"$clean" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')"
  if [ "$passed" = 0 ] && [ "$failed" = 0 ] && grep -qE '^ℹ pass [0-9]+' <<<"$clean"; then
    # node's test runner: "ℹ pass N" / "ℹ fail N"
    passed="$(grep -oE '^ℹ pass [0-9]+' <<<"$clean" | tail -1 | grep -oE '[0-9]+')"
    failed="$(grep -oE '^ℹ fail [0-9]+' <<<"$clean" | tail -1 | grep -oE '[0-9]+')"
  fi
  if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then
    local line
    line="$(grep -E '^[A-Za-z]*:? ?[0-9]+ passed, [0-9]+ failed' <<<"$clean" | tail -1)"
    passed="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)"
    failed="$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)"
  fi
  [ "$rc" -ne 0 ] && [ "${failed:-0}" = 0 ] && failed=1
  total_passed=$((total_passed + ${passed:-0}))
  total_failed=$((total_failed + ${failed:-0}))
  [ "$rc" -ne 0 ] && failed_suites=$((failed_suites + 1))
  results+=("$(printf '%-22s %-4s %5s passed %4s failed  %4ss' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo FAIL)" "${passed:-0}" "${failed:-0}" "$((SECONDS - start))")")
  rm -f "$out"
}

checks() {
  # Lint and typecheck count as one check each.
  local ok=0 bad=0
  (cd "${ROOT}/backend" && npx tsc -p tsconfig.json --noEmit) && ok=$((ok + 1)) || bad=$((bad + 1))
  (cd "${ROOT}/backend" && npx eslint src test) && ok=$((ok + 1)) || bad=$((bad + 1))
  (cd "${ROOT}/backend" && npx prettier --check --log-level warn "src/**/*.ts" "test/**/*.ts") && ok=$((ok + 1)) || bad=$((bad + 1))
  (cd "${ROOT}/backend" && npm run --silent build) && ok=$((ok + 1)) || bad=$((bad + 1))
  echo "${ok} passed, ${bad} failed"
  [ "$bad" -eq 0 ]
}

suite "backend lint+types" checks
suite "backend tests" bash -c "cd '${ROOT}/backend' && npx vitest run"
suite "frontend" "${ROOT}/scripts/test-frontend.sh"
suite "config checks" "${ROOT}/scripts/test-config.sh"
suite "point-in-time recovery" "${ROOT}/scripts/test-pitr.sh"
suite "backup and restore" "${ROOT}/scripts/test-backup.sh"
suite "browser e2e" "${ROOT}/scripts/test-e2e.sh"
suite "clone anywhere" "${ROOT}/scripts/test-clone-anywhere.sh"

echo
echo "Summary"
printf '  %s\n' "${results[@]}"
echo "${total_passed} passed, ${total_failed} failed"
[ "$failed_suites" -eq 0 ]
