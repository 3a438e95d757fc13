# Roo Server — the operator's and developer's entry points. `make help` lists them.
# Every target is one line that calls a script in scripts/ (which uses the project's Node).
SHELL := /usr/bin/env bash
.DEFAULT_GOAL := help

help: ## list every target with one line each
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z0-9_-]+:.*## /{printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## install what building and testing need (system packages, Node 24, npm packages)
	@scripts/deps.sh

test: ## run every test: lint, typecheck, unit, integration (real Postgres/Redis/S3), config checks, PITR, backup-wipe-restore round trip, browser e2e
	@scripts/test.sh

dev: ## run the whole stack on this machine without Docker (nginx, UI, API, worker, Postgres/Redis/S3)
	@scripts/local-stack.sh start

dev-stop: ## stop what `make dev` started
	@scripts/local-stack.sh stop

include $(wildcard make/*.mk)
.PHONY: help deps test dev dev-stop test-e2e

test-e2e: ## browser end-to-end run (Chromium) against the local stack behind the real nginx, with the fake LLM
	@scripts/test-e2e.sh
