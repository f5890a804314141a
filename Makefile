# The two commands a newcomer needs: `make run` and `make test`. See README.md.
.DEFAULT_GOAL := run
.PHONY: run serve test lint format messages chromium clean-db bench

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# The virtual environment is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || { python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

run: $(VENV)/.installed
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo --if-empty
	$(MANAGE) collectstatic --no-input --verbosity 0
	@echo "Serving Öppna soc on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/). Stop with Ctrl-C."
	@echo "The task worker (manage.py db_worker) runs beside it and sends the e-mail."
	scripts/serve-dev $(PY) $(PORT)

# Production mode: gunicorn with the settings from the environment (see README.md, "Deployment").
serve: $(VENV)/.installed
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(VENV)/bin/gunicorn oppnasoc.wsgi --bind $${BIND:-0.0.0.0:$(PORT)} --workers $${WEB_CONCURRENCY:-3} --access-logfile -

chromium:
	@scripts/ensure-chromium

# Serves the portal with gunicorn on benchmark data of its own and measures the key pages with
# wrk (installed with apt when missing). Options and the latest table: README.md, "Benchmarks".
bench: $(VENV)/.installed
	$(PY) scripts/bench

test: $(VENV)/.installed chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerates the translation catalogue from the code and compiles it (needs GNU gettext).
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale sv --ignore '.venv/*' --ignore 'staticfiles/*'
	$(MANAGE) compilemessages --locale sv --ignore '.venv/*'

# Removes the embedded development database (the demo content is loaded again by `make run`).
clean-db:
	rm -rf .pgdata
