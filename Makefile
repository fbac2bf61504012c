# `make shell` and `make test` are all a new user needs: each creates or updates .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install shell test build bot lint eval clean bench

# Reinstall only when the project's requirements or their pinned versions change; otherwise
# this is a no-op. constraints.txt pins every package, so two installs compute alike.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

shell: install
	$(BIN)/tally shell

test: install
	$(BIN)/python -m pytest

build: install
	$(BIN)/tally build

bot: install
	$(BIN)/tally telegram

# Benchmarks (docs/performance.md): prints a table, writes bench/results/*.json. ~15 min.
# Options go in BENCH, e.g. make bench BENCH="scale --articles 3824".
bench: install
	$(BIN)/python -m bench $(BENCH)

lint: install
	$(BIN)/ruff check bot index tests
	$(BIN)/ruff format --check bot index tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var
