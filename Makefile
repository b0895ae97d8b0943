# PTĐV — two commands: `make run` (install, migrate, demo data, serve) and `make test` (lint + all tests).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev assets lint check-python serve clean

check-python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Cần Python 3.11 (Python 3.11 is required)"'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

# Front-end files (Bootstrap) come from the npm registry, pinned by package-lock.json, never committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

install: $(VENV)/.installed assets

install-dev: $(VENV)/.installed-dev assets

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py seed_demo --if-empty
	HOST=$(HOST) PORT=$(PORT) bin/serve

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy ptdv config

# The suite in TEST_PROCESSES processes (pytest-xdist), each with its own test database. A file's tests
# stay together, so a module's expensive fixture (the demo seed) is built once; files go out in
# pytest-django's order, so a process runs the tests that empty its database (transactional ones) after
# those that need the data the migrations put there. A file holds tests of one kind or the other.
TEST_PROCESSES ?= 2

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .mypy_cache .ruff_cache
