# The two commands of the quick start are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
# pytest-xdist workers for `make test` (each has its own test database); 2 fits a 2-core machine.
TEST_WORKERS ?= 2

.PHONY: setup run test test-fast bench lint format db-stop worker backup clean-venv

setup: $(VENV)/.installed
	@scripts/system-deps.sh

# Developers get the production pins and the tools (tests, lint); a production install takes requirements.txt alone.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	@touch $@

run: setup
	$(PYTHON) manage.py migrate --noinput
	PORT=$(PORT) $(PYTHON) manage.py load_demo
	@echo "Bộ chạy công việc nền (procrastinate) chạy cùng máy chủ web / the job worker runs beside the web server."
	@# run_worker starts procrastinate's worker again whenever it exits (database restart, crash).
	@$(PYTHON) manage.py run_worker > var/worker.log 2>&1 & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

# Every test, slow and browser ones included (CI runs this): the rest on TEST_WORKERS parallel workers, then the
# browser tests one after another (the reports autosave test failed in CI when a browser test shared the machine
# with the other worker; not yet understood).
# The tests over the whole demo (the `demo` fixture) run apart, each on a copy of one database holding the demo
# (tests/db_template.py): CCHC_TEST_DEMO=0 leaves them out, =1 runs only them.
# Python may write its bytecode caches for the tests: pytest keeps its rewritten test modules there, and without
# them every worker and every stage compiled all of them again (16 s of collection instead of 6.6 s); the machine's
# environment sets PYTHONDONTWRITEBYTECODE.
test test-fast: export PYTHONDONTWRITEBYTECODE :=

# While the first pass runs, a third process makes the demo's template database (tests/db_template.py), which the
# second pass would otherwise make first with a core idle; if it fails, the demo run makes it and says why.
test: setup
	mkdir -p var; $(PYTHON) -m tests.db_template > var/test-templates.log 2>&1 & builder=$$!; \
	  CCHC_TEST_DEMO=0 $(PYTHON) -m pytest -n $(TEST_WORKERS) -m "not browser"; status=$$?; \
	  wait $$builder || echo "tests/db_template.py failed (var/test-templates.log); the demo run makes the template"; \
	  exit $$status
	CCHC_TEST_DEMO=1 $(PYTHON) -m pytest -n $(TEST_WORKERS) -m "not browser"
	$(PYTHON) -m pytest -m browser

# The quick loop while developing: without the tests marked slow (real worker processes, database servers).
test-fast: setup
	$(PYTHON) -m pytest -n $(TEST_WORKERS) -m "not slow"

bench: setup
	$(PYTHON) bench/run.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: setup
	$(PYTHON) manage.py run_worker

# Dumps the database (DATABASE_URL or the embedded server) to var/backups/ (README: Backups and restore).
backup: setup
	$(PYTHON) manage.py backup_db

# Stops the embedded PostgreSQL server under var/ (it otherwise keeps running between commands).
db-stop:
	@if [ -x $(PYTHON) ]; then $(PYTHON) manage.py embedded_db stop; fi

clean-venv:
	rm -rf $(VENV)
