# Hirebot. Every target sets itself up on a fresh machine.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install serve test lint bench eval migrate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	HIREBOT_DEMO=1 $(BIN)/hirebot serve

migrate: $(STAMP)
	$(BIN)/hirebot migrate

test: $(STAMP)
	$(BIN)/python -m pytest -q --ignore=tests/perf

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m pytest -q -s tests/perf

eval: $(STAMP)
	$(BIN)/python tests/eval/run_heldout.py --dev && $(BIN)/python tests/eval/run_heldout.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
