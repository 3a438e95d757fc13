# Docker Swarm targets (auto-included by the root Makefile). Each is one line calling a
# script in scripts/; docs/swarm.md explains each.

deploy: ## deploy/update the Swarm stack (docker-stack.yml): versioned secrets from secrets/, migrate, wait for convergence
	@scripts/stack-deploy.sh

rollback: ## roll Swarm services back to their previous spec (SERVICE=api; default api worker nginx)
	@scripts/stack-rollback.sh "$(SERVICE)"

scale: ## scale a stateless Swarm service: SERVICE=api N=4
	@scripts/stack-scale.sh "$(SERVICE)" "$(N)"

stack-ps: ## Swarm services (replicas, update state, image) and their running tasks
	@scripts/stack-ps.sh

stack-backup: ## Swarm: dump Postgres + mirror the bucket into backups/<stamp> (run on the Postgres node)
	@scripts/stack-backup.sh

stack-restore: ## Swarm: restore BACKUP=backups/<stamp> (asks; YES=1 to skip)
	@scripts/stack-restore.sh "$(BACKUP)" $(if $(YES),--yes,)

test-stack: ## Docker tier: own dockerd + one-node Swarm, stand-in images, deploy, smoke, rolling update, kill, rollback, backup/restore, scale
	@scripts/stack-test.sh

.PHONY: deploy rollback scale stack-ps stack-backup stack-restore test-stack
