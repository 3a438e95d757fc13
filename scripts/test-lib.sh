#!/usr/bin/env bash
# Check helpers of the shell test suites (test-pitr.sh, test-backup.sh): PASS/FAIL lines
# with the elapsed seconds and the closing "N passed, N failed" that scripts/test.sh reads.
# Sourced, never run.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

passed=0 failed=0
pass() { printf 'PASS %s  [%ss]\n' "$*" "$SECONDS"; passed=$((passed + 1)); }
fail() { printf 'FAIL %s  [%ss]\n' "$*" "$SECONDS"; failed=$((failed + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
# has TEXT PATTERN...: TEXT matches every (extended) PATTERN.
has() {
  local text=$1 pat
  shift
  for pat in "$@"; do
    grep -Eq -- "$pat" <<<"$text" && continue
    printf '  expected /%s/ in:\n' "$pat"
    tail -n 8 <<<"$text" | sed 's/^/    /'
    return 1
  done
}
finish() { echo "${passed} passed, ${failed} failed"; [ "$failed" = 0 ]; }
