#!/usr/bin/env bash
# `make backup-list`: base backups, the archived WAL range and the recoverable window.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"
require_docker
dc exec -T pg-backup roo-pitr list
