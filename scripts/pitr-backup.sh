#!/usr/bin/env bash
# `make backup-base`: a base backup now (barman-cloud-backup in the pg-backup service),
# then retention (PITR_RETENTION_DAYS + PITR_KEEP_WEEKLY weekly) and roo_pitr_* metrics.
# The pg-backup service also takes one on its own schedule (docs/pitr.md).
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"
require_docker
dc exec -T pg-backup roo-pitr backup
