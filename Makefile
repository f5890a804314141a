# The two commands a newcomer needs: `make run` and `make test`. See README.md.
.DEFAULT_GOAL := run
.PHONY: run serve worker test lighthouse fault-test load-test burst-test backup restore bench lint format messages chromium vnu clean-db

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# The virtual environment is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements-dev.lock
	@scripts/ensure-pango
	@test -x $(PY) || { python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

run: $(VENV)/.installed
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo --if-empty
	$(MANAGE) build_exports --verbosity 0
	$(MANAGE) collectstatic --no-input --verbosity 0
	@echo "Serving Öppna soc on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/). Stop with Ctrl-C."
	@echo "The task worker (manage.py db_worker) runs beside it and sends the e-mail: no mail leaves"
	@echo "this machine; each one is printed here, links whole, and kept as a text file in var/mail/."
	scripts/serve-dev $(PY) $(PORT)

# Production mode: gunicorn with the settings from the environment and oppnasoc/gunicorn.conf.py
# (BIND, WEB_CONCURRENCY; JSON logs). See docs/deployment.md.
serve: $(VENV)/.installed
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	PORT=$(PORT) $(VENV)/bin/gunicorn --config oppnasoc/gunicorn.conf.py

# The task worker for production (it sends the e-mail and writes the open-data files): run it
# beside `make serve`, with the same environment. Under systemd, run `manage.py db_worker` itself
# as a service, one for each queue at a large city's scale (docs/deployment.md).
worker: $(VENV)/.installed
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) db_worker --queue-name '*'

chromium:
	@scripts/ensure-chromium

# The W3C Nu HTML checker for tests/test_html_validity.py: vnu-jar from npm into var/vnu/, and
# Debian's Java runtime when java is missing.
vnu:
	@scripts/ensure-vnu

# Lighthouse's mobile scores for the six main page types of a running `make run` (another
# terminal; LIGHTHOUSE_URL for another address). Measure on an idle machine. See docs/testing.md.
lighthouse: $(VENV)/.installed chromium
	$(PY) scripts/lighthouse

# Serves the portal with gunicorn on benchmark data of its own and measures the key pages with
# wrk (installed with apt when missing). Options and the latest table: docs/benchmarks.md.
bench: $(VENV)/.installed
	$(PY) scripts/bench

test: $(VENV)/.installed chromium vnu
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Stops PostgreSQL under a load of reads and comment posts and starts it again; about a minute.
# Runs gunicorn on a throwaway database of its own (devtools/harness/). See docs/testing.md.
fault-test: $(VENV)/.installed
	$(PY) scripts/fault-test

# 100 clients for 2 minutes, 95% page reads and 5% comment posts; prints the figures.
# LOAD_CLIENTS and LOAD_SECONDS change the size. See docs/testing.md.
load-test: $(VENV)/.installed
	$(PY) scripts/load-test

# 300 requests the page cache cannot hold, from 4 addresses over 20 connections, while 5 people
# read cached pages: passes when the readers' p95 stays within 100 ms, nothing answers 5xx and
# the flood is answered 429. See docs/testing.md.
burst-test: $(VENV)/.installed
	$(PY) scripts/burst-test

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerates the translation catalogue from the code and compiles it (needs GNU gettext).
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale sv --ignore '.venv/*' --ignore 'staticfiles/*'
	$(MANAGE) compilemessages --locale sv --ignore '.venv/*'

# A backup of the database and the uploaded files in a new folder under var/backups/ (or
# BACKUP_DIR); `make restore BACKUP=<folder>` puts one into an empty database. See docs/operations.md.
backup: $(VENV)/.installed
	$(MANAGE) backup

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<folder>" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)"

# Removes the embedded development database (the demo content is loaded again by `make run`).
clean-db:
	rm -rf .pgdata
