#!/usr/bin/env bash
# `make restore-check`: restores the latest state (latest base backup + all archived
# WAL) into a scratch directory inside a throw-away pg-backup container, runs sanity
# queries (every table of every database read in full), records
# roo_pitr_restore_check_last_success_timestamp_seconds. Touches nothing live.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"
require_docker
dc run --rm --no-deps -T pg-backup check
