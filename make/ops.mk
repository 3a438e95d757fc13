# Operator targets (auto-included by the root Makefile). Each is one line calling a
# script in scripts/; `make help` lists them. docs/operations.md explains each.

init: ## write .env and secrets/ with strong random values + a self-signed TLS cert (never overwrites)
	@scripts/ops-init.sh

up: ## start the whole stack and wait until every service is healthy
	@scripts/ops-compose.sh up

down: ## stop the stack (volumes and data are kept)
	@scripts/ops-compose.sh down

clean-data: ## stop the stack and DELETE its data (Compose volumes, or the local stack's .local/); asks you to type "delete"
	@scripts/ops-compose.sh clean-data

ps: ## list the stack's services with state and health (without Docker: the local stack's processes, pids, ports)
	@scripts/ops-compose.sh ps

logs: ## follow the logs of every service (or SERVICE=name); without Docker the local stack's log files
	@scripts/ops-compose.sh logs $(SERVICE)

doctor: ## read-only checks of what make up runs: docker, compose v2, ports, disk, memory, secrets, health (MODE=compose|local to pick)
	@scripts/ops-doctor.sh $(if $(MODE),--mode $(MODE),)

backup: ## dump Postgres + mirror the bucket into backups/<stamp> with a SHA256SUMS manifest
	@scripts/ops-backup.sh

restore: ## restore BACKUP=backups/<stamp> (asks for confirmation; YES=1 to skip)
	@scripts/ops-restore.sh "$(BACKUP)" $(if $(YES),--yes,)

upgrade: ## backup, pull/build the pinned images and recreate changed services
	@scripts/ops-upgrade.sh

update-certs: ## install CERT=fullchain.pem KEY=privkey.pem and reload nginx
	@scripts/ops-update-certs.sh "$(CERT)" "$(KEY)"

test-config: ## config checks without Docker: nginx (live), promtool, amtool, compose schema, dashboards
	@scripts/test-config.sh

.PHONY: init up down clean-data ps logs doctor backup restore upgrade update-certs test-config
