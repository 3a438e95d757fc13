bench: ## load, latency, WebSocket fan-out and page-load figures vs a same-run baseline (prints a table; not a test)
	@scripts/bench.sh
.PHONY: bench
