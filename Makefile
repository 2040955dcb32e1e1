# make        : set up .venv with what running needs (first time) and rebuild output/
#               from raw/ (incremental)
# make test   : run the whole test suite (adds the test tools to .venv first if needed)
# make lint   : ruff (test tools too)
# make bench  : throughput, memory, stage split, cold start and naive baseline on a
#               generated corpus of 2,000 pages -> bench/results/latest.json (minutes)
# make eval   : accuracy on the real pages and documents in ../shared/realdata (skips,
#               saying so, when that folder is absent) -> bench/results/eval.json
# make clean  : remove build products (never raw/ or the committed output/)
# make diff OLD=a NEW=b [FORMAT=md|json] : compare two versions (pages or JSON outputs);
#               fails only on trouble (the CLI's own status: 0 same, 1 different, 2 trouble)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Two stamps: running needs the project's dependencies only (`pip install -e .`); the
# tests, lint, benchmarks and evaluation add the `test` extra (pytest, hypothesis, ruff,
# Ray, ...), a much larger environment that users who only want outputs never install.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: all build test lint clean diff bench eval

all: build

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

build: $(STAMP)
	$(PY) -m pipeline build raw -o output

test: $(TEST_STAMP)
	$(PY) -m pytest

diff: $(STAMP)
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=old-page-or-json NEW=new-page-or-json [FORMAT=md|json]" >&2; exit 2; }
	@status=0; $(PY) -m pipeline diff "$(OLD)" "$(NEW)" --format $(or $(FORMAT),md) || status=$$?; \
	test $$status -le 1  # a difference (1) is not a make failure; trouble (2) is

lint: $(TEST_STAMP)
	$(PY) -m ruff check pipeline tests bench evaluation

# Corpus build (pages/s, MB/s, memory, stage split, cold start, naive baseline), then the
# repair stage (ms per page warm, MB/s, model load), the repair's honest simulator figures
# and reliability table, the diff (generated and real version pairs), the review page, the
# mojibake families, and the cost growth of the pathological pages (issue 16).
bench: $(TEST_STAMP)
	$(PY) -m bench
	$(PY) bench/repair_bench.py
	$(PY) bench/repair_calibration.py
	$(PY) bench/repair_real_bench.py
	$(PY) bench/diff_bench.py
	$(PY) bench/diff_pairs_bench.py
	$(PY) bench/review_page.py
	PYTHONPATH=. $(PY) bench/families_bench.py
	$(PY) bench/growth.py

# Accuracy on real data: repair runs, structure, diffs (see README, "Accuracy on real data").
eval: $(STAMP)
	$(PY) -m evaluation $(if $(VERBOSE),--verbose)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis output/.build-state.json output/.build-state.log output/.build-lock
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
