# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test worker beat lint format install install-dev messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, create the database if missing, migrate, load demo data, serve on 127.0.0.1:8000
run: install
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Serving the CCHC portal on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo "Log in as demo_admin, demo_secretariat, demo_committee, demo_head or demo_staff"
	@echo "with the password $${DEMO_PASSWORD:-cchc-demo-2019}."
	@if [ -n "$$REDIS_URL" ]; then echo "REDIS_URL is set: start a worker in another terminal with 'make worker'."; fi
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: install (with test tools) and run the whole suite
test: install-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## make worker: a Celery worker (needs REDIS_URL); make beat: the scheduler
worker: install
	$(VENV)/bin/celery -A cchc_portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A cchc_portal beat --loglevel=INFO --schedule var/celerybeat-schedule

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: refresh the Vietnamese catalogues (project and each app's) from the code and compile them
APP_CATALOGUES := dossiers meetings indices
messages: install
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=static --ignore=staticfiles \
		--ignore=tests --ignore=var --ignore=bench $(foreach app,$(APP_CATALOGUES),--ignore=$(app))
	for app in $(APP_CATALOGUES); do mkdir -p $$app/locale && (cd $$app && ../$(PY) ../manage.py makemessages -l vi --no-obsolete); done
	$(PY) manage.py compilemessages -l vi --ignore=.venv
	@echo "Now translate every empty msgstr (tests/test_translations.py checks), then run make messages again."

clean:
	rm -rf $(VENV) staticfiles
