# make        : set up .venv (first time) and rebuild output/ from raw/ (incremental)
# make test   : run the whole test suite (sets up .venv first if needed)
# make lint   : ruff
# make clean  : remove build products (never raw/ or the committed output/)
# make diff OLD=a NEW=b [FORMAT=md|json] : compare two versions (pages or JSON outputs);
#               fails only on trouble (the CLI's own status: 0 same, 1 different, 2 trouble)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: all build test lint clean diff

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

build: $(STAMP)
	$(PY) -m pipeline build raw -o output

test: $(STAMP)
	$(PY) -m pytest

diff: $(STAMP)
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=old-page-or-json NEW=new-page-or-json [FORMAT=md|json]" >&2; exit 2; }
	@status=0; $(PY) -m pipeline diff "$(OLD)" "$(NEW)" --format $(or $(FORMAT),md) || status=$$?; \
	test $$status -le 1  # a difference (1) is not a make failure; trouble (2) is

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis output/.build-state.json
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
