# Point-in-time recovery targets (auto-included by the root Makefile; docs/pitr.md).

backup-base: ## take a PostgreSQL base backup to S3 now (the pg-backup service also runs them daily)
	@scripts/pitr-backup.sh

backup-list: ## list base backups, archived WAL and the recoverable window (point-in-time recovery)
	@scripts/pitr-list.sh

restore-pitr: ## restore TIME="2026-11-25 14:03:00+00" (or latest) into a NEW volume; SWITCH=1 runs the stack on it (asks; YES=1)
	@scripts/pitr-restore.sh "$(TIME)" $(if $(SWITCH),--switch,) $(if $(YES),--yes,)

restore-check: ## restore the latest backup + WAL into a scratch instance and run sanity queries
	@scripts/pitr-check.sh

.PHONY: backup-base backup-list restore-pitr restore-check
