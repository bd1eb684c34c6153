# Wenshu — `make run` (embedded default, no servers) and `make test` (real services).
# Every target installs what it needs; see README.md.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export WENSHU_DATA_DIR ?= $(CURDIR)/var
SERVICES_ENV := $(WENSHU_DATA_DIR)/services.env
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install services services-stop test test-unit bench lint format messages lock doctor clean

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11+ needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

## The app on the embedded default: SQLite, built-in search and extraction, no servers.
run: install
	mkdir -p $(WENSHU_DATA_DIR)
	env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python manage.py migrate --no-input
	env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python manage.py ensure_admin
	env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python manage.py load_demo
	env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python manage.py setup_workflows --issuer-code 示接待发
	@env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python manage.py doctor --summary
	@echo "Wenshu: http://$(HOST):$(PORT)/  admin: http://$(HOST):$(PORT)/admin/"
	env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python manage.py runserver $(HOST):$(PORT)

## PostgreSQL, OpenSearch 2.x (+ Chinese analysis), Tika 3.x, Tesseract + ocrmypdf on 127.0.0.1.
services:
	ops/services.sh up

services-stop:
	ops/services.sh down

## The whole suite against the real services; stops the services this run started.
test: install
	ops/services.sh up --record $(WENSHU_DATA_DIR)/started-by-test
	set -a; source $(SERVICES_ENV); set +a; \
	  WENSHU_REQUIRE_SERVICES=1 $(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	  echo "== the embedded engines (SQLite, built-in search and extraction)"; \
	  env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python -m pytest -m "not integration" \
	    tests/search $(PYTEST_ARGS) || status=1; \
	  ops/services.sh down --only $(WENSHU_DATA_DIR)/started-by-test; exit $$status

## Unit tests only, no services needed (integration tests are skipped).
test-unit: install
	env -u DATABASE_URL -u OPENSEARCH_URL -u TIKA_URL $(BIN)/python -m pytest -m "not integration" $(PYTEST_ARGS)

doctor: install
	if [ -f $(SERVICES_ENV) ]; then set -a; source $(SERVICES_ENV); set +a; fi; \
	  $(BIN)/python manage.py doctor

## Benchmarks; with `make services` running, OpenSearch and Tika figures are included.
bench: install
	if [ -f $(SERVICES_ENV) ]; then set -a; source $(SERVICES_ENV); set +a; fi; \
	  $(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the Chinese catalogue after changing translatable strings, then compile it.
messages: install
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore ".venv/*" --ignore "var/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore ".venv/*"

lock:
	$(PYTHON) -m venv /tmp/wenshu-lock && /tmp/wenshu-lock/bin/pip install --quiet -r requirements.in \
	  && (echo "# Pinned from requirements.in (make lock). Install with: pip install -r requirements.txt"; \
	      /tmp/wenshu-lock/bin/pip freeze) > requirements.txt && rm -rf /tmp/wenshu-lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
