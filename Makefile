# Two commands do all the set-up: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYTEST_ARGS ?=
# pytest-xdist workers for `make test`: one per core (PYTEST_WORKERS=0: one process).
PYTEST_WORKERS ?= auto

.PHONY: run serve test lint screenshots clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# The notification and mail worker (`flask notify work`) runs as its own process
# beside the web server, as in production, and stops when the server stops.
# A background job of a non-interactive shell ignores Ctrl-C, hence the trap:
# SIGTERM lets the worker finish its round. Mail goes to instance/mail/*.eml.
WITH_WORKER = $(FLASK) notify work & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM;

run: $(VENV)/.installed  ## migrate, load the demo content once, serve on :5000 (+ the worker)
	$(FLASK) db upgrade
	$(FLASK) seed demo
	$(FLASK) content purge
	$(FLASK) search sync
	@echo "Email is written to instance/mail/ as .eml files (open them with any mail client)."
	$(WITH_WORKER) $(FLASK) run --host 127.0.0.1 --port 5000

serve: $(VENV)/.installed  ## production-style: gunicorn with gunicorn.conf.py and one worker (docs/deploying.md)
	$(FLASK) db upgrade
	$(FLASK) content purge
	$(FLASK) search sync
	$(WITH_WORKER) $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint  ## ruff, then the whole suite (browser tests run when Chromium is present)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

screenshots: $(VENV)/.installed
	$(PY) -m tests.e2e.screenshots

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
