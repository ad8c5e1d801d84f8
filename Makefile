# One command to run the product, one to test it. Both bootstrap .venv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint seed clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,seed]'
	@touch $(STAMP)

## Run the product on embedded defaults (no Telegram token, no network).
demo: $(STAMP)
	$(BIN)/cabinet demo

## Run every test (what CI runs).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

seed: $(STAMP)
	$(BIN)/cabinet seed

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
