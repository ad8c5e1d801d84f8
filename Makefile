# One command to run the product, one to test it. Both bootstrap .venv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint seed clean lock

# Exactly the versions in requirements.lock (hash-checked), then the project itself: the bot adapts two of
# aiogram's and pydantic's internals (bot/deferred_types.py, bot/telegram_session.py), aiogram-dialog's id draw
# (bot/dialog_ids.py) and uvicorn's h11 protocol (backend/http_protocol.py), so an upgrade happens only
# through `make lock` and the tests.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

## Re-pin every dependency to the newest versions pyproject.toml allows (then run `make test`).
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra seed --python-version 3.11 --generate-hashes \
		--upgrade --quiet -o requirements.lock

## Run the product on embedded defaults (no Telegram token, no network).
demo: $(STAMP)
	$(BIN)/cabinet demo

## Run every test (what CI runs): lint, the layer contracts (pyproject.toml [tool.importlinter]), the suite.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

seed: $(STAMP)
	$(BIN)/cabinet seed

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis .import_linter_cache
