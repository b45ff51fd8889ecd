# Pictory Studio — the two commands (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test lint screenshots setup clean chromium prod services

$(PY):
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null || { echo "Python 3.11 is needed (found: $(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install $(PIP_FLAGS) -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install $(PIP_FLAGS) -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

setup: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py studio_setup

## make run — install, migrate, first admin, demo; then web server + worker on :8000 (sandbox mode)
run: setup
	$(PY) manage.py runstudio 127.0.0.1:8000

## make prod — production-shaped on this machine: PostgreSQL, Redis, gunicorn, workers (README: Production)
prod: $(VENV)/.runtime-installed services
	$(PY) -m deploy.prod $(PROD_ARGS)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

services:
	@{ ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1; } || { \
		echo "Installing Debian's postgresql and redis-server…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; }

## make test — dev packages, chromium, ruff, the whole pytest suite on SQLite (browser journeys
## included), then the job lifecycle, bulk, rate and permission tests and the many-worker tests
## again on PostgreSQL + Redis, which the run starts and stops itself
test: $(VENV)/.dev-installed chromium services
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=pictory_studio.settings.test >/dev/null
	$(VENV)/bin/pytest
	$(PY) -m tests.services_run

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

## make screenshots — headless Chromium against the sandbox; PNGs into docs/screenshots/
screenshots: $(VENV)/.dev-installed chromium
	STUDIO_SCREENSHOTS=1 $(VENV)/bin/pytest tests/functional/test_screenshots.py -q

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
