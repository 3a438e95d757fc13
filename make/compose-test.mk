# The Compose test tier (auto-included by the root Makefile); docs/operations.md
# ("What the compose test tier proves"). Not part of `make test`.

test-compose: ## Docker tier: own dockerd, stand-in images, make init in a temp copy, docker-compose.yml up, health/order/HTTPS/API/WAL/Prometheus, backup → wipe → restore, doctor, down -v
	@scripts/compose-test.sh

.PHONY: test-compose
