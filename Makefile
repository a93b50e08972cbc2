# Jembatan — every command a developer needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The server and the worker both build absolute links from it (PUBLIC_BASE_URL's embedded default).
export PORT
export DJANGO_SETTINGS_MODULE ?= jembatan.config.settings.dev

.DEFAULT_GOAL := help
.PHONY: help run test test-replica lint fmt worker bench bench-factcheck bench-outbox bench-tasks drill drill-broadcast e2e messages translations install install-dev browser migrate seed check-deploy

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Create .venv and install the runtime dependencies

install-dev: $(VENV)/.installed-dev ## Install runtime and test dependencies

messages: install ## Compile the translation catalogues (needs gettext's msgfmt; compiled files are committed too)
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; else echo "msgfmt not found: using the committed .mo files"; fi

translations: install-dev ## Extract new strings into locale/*/django.po (then translate the Indonesian ones) and compile
	$(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(PY) tools/english_catalogue.py locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: install ## Apply database migrations
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

seed: migrate ## Load the Pangkalpinang regions and the demo data (idempotent)
	$(PY) manage.py import_regions --regency $${JEMBATAN_REGENCY:-19.71}
	$(PY) manage.py seed_demo

run: messages seed ## Install, migrate, load regions and demo data, serve on http://127.0.0.1:$(PORT) (SQLite)
	@echo "Jembatan: http://127.0.0.1:$(PORT)/  (demo staff: admin@demo.jembatan.id / demo-jembatan-2026)"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py worker & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

worker: install ## Run the background task worker and the periodic scheduler
	$(PY) manage.py worker

lint: install-dev ## ruff lint and format check, then the import layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: install-dev ## Format and autofix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

browser: ## Make sure Debian's Chromium is present for the browser tests
	@test -x /usr/bin/chromium || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; else echo "Install Debian's chromium (apt-get install chromium) for the browser tests"; exit 1; fi; }

test: lint browser ## Lint, then the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	@DJANGO_SETTINGS_MODULE=jembatan.config.settings.test $(VENV)/bin/pytest -q -rs -p no:cacheprovider; status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$status

test-replica: install-dev ## The read-replica tests against a private PostgreSQL primary and its streaming replica
	$(PY) tools/replica_tests.py

e2e: install-dev browser ## Only the browser journeys
	DJANGO_SETTINGS_MODULE=jembatan.config.settings.test $(VENV)/bin/pytest -q tests/e2e

bench: install-dev ## Throughput and scale benchmarks (PostgreSQL, gunicorn); writes docs/benchmarks.md (SCALE=national: 10x)
	$(PY) bench/run.py --scale $(or $(SCALE),city)

bench-factcheck: install-dev ## "Cek pesan ini" against 100,000 claims: index build, match p50/p95, precision and recall
	$(PY) bench/factcheck.py

bench-outbox: install-dev ## The notifications outbox at scale: fan-out of 1,000,000, sending throughput and pace (PostgreSQL)
	$(PY) bench/outbox.py

bench-tasks: install-dev ## The background task queue on the database and on the broker (RQ behind the outbox): enqueue cost and worker throughput (PostgreSQL, Redis)
	$(PY) bench/tasks.py

drill: install-dev ## Reliability drill: 10,000 retried submissions while a private PostgreSQL restarts and the worker is killed
	$(PY) bench/drill.py

drill-broadcast: install-dev ## Broadcast drill: 100,000 WhatsApp recipients on the Redis queue while the worker is killed three times and PostgreSQL restarts
	$(PY) bench/drill_broadcast.py

check-deploy: install ## manage.py check --deploy with the production settings
	DJANGO_SETTINGS_MODULE=jembatan.config.settings.production SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-kim.example.go.id} DATABASE_URL=$${DATABASE_URL:-postgres://jembatan@db.example.go.id/jembatan} REDIS_URL=$${REDIS_URL:-redis://cache.example.go.id:6379/0} PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-https://kim.example.go.id} EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.smtp.EmailBackend} JEMBATAN_ENCRYPTION_KEYS=$${JEMBATAN_ENCRYPTION_KEYS:-$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')} JEMBATAN_LOOKUP_KEY=$${JEMBATAN_LOOKUP_KEY:-check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)} $(PY) manage.py check --deploy --fail-level WARNING
