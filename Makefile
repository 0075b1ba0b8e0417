# Monev Kinerja — the two commands of README.md, and a few for developers.
#   make demo   install, migrate the SQLite database under var/, load the demo, serve on :8000
#   make test   install what the tests need and run the whole suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Packages are installed by uv (decision 0001: a fresh install in ~2 s instead of ~90 s with pip).
UV_VERSION := 0.13.10
UV     := $(BIN)/uv pip install --python $(BIN)/python -q

.PHONY: demo test install install-dev lint format check messages serve clean

$(BIN)/python:
	@scripts/ensure-venv "$(PYTHON)" "$(VENV)"

$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/uv
	$(UV) -r requirements.txt
	$(UV) --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(UV) -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	DEBUG=$${DEBUG:-true} TWO_FACTOR_REQUIRED_ROLES=$${TWO_FACTOR_REQUIRED_ROLES-} PORT=$(PORT) \
	PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/monev demo --port $(PORT)

test: install-dev
	@scripts/run-tests

lint: install-dev
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/ruff format --check src tests bench conftest.py
	DEBUG=true $(BIN)/mypy
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format src tests bench conftest.py
	$(BIN)/ruff check --fix src tests bench conftest.py

messages: install-dev
	cd src/monev && ../../$(BIN)/django-admin makemessages -l en --no-obsolete && ../../$(BIN)/django-admin compilemessages

serve: install
	DEBUG=$${DEBUG:-true} $(BIN)/monev runserver 127.0.0.1:$(PORT)

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
