# Harbour: `make run` starts the console with a demo organisation; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

# Find Python 3.12+: python3.13 on PATH, pyenv's 3.13, then python3 if new enough. The interpreter's own
# path (sys.executable), not a pyenv shim's: uv rebuilds .venv whenever --python names another path.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3.13 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 2>/dev/null | tail -1) python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { $$p -c 'import sys; print(sys.executable)'; break; }; done)
endif
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
ASSETS := harbour/static/vendor/.built
ATPROTO := tools/atproto/node_modules/.installed
MASTODON_MOCK := tools/mastodon/.venv/.installed

.PHONY: help install run test test-deps lint bench train clean

help:
	@echo "make run    start Harbour on http://127.0.0.1:8000 with a demo organisation (web + worker)"
	@echo "make test   install what the tests need and run the whole suite (SQLite and PostgreSQL)"
	@echo "make lint   ruff's checks and formatting check, as make test runs them first"
	@echo "make bench  screening benchmarks against peers (needs ../shared/datasets or HARBOUR_DATASETS)"
	@echo "make train  rebuild the shipped screening models from the shared datasets"

$(UV):
	@test -n "$(PYTHON)" || { echo "Harbour needs Python 3.12 or newer (3.13 preferred). Install it, or set PYTHON=/path/to/python3.13." >&2; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(STAMP_PY): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$(PYTHON)" --extra celery --group dev
	@touch $@

$(STAMP_NPM): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Harbour builds its front end with npm (Node.js 18+). Install nodejs and npm." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): $(STAMP_NPM) $(STAMP_PY) scripts/build_assets.py
	$(PY) scripts/build_assets.py

install: $(STAMP_PY) $(ASSETS)

# The pinned ruff from the dev group, with the rules in pyproject.toml; make test runs it first.
lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

run: install
	$(VENV)/bin/harbour run

# Debian packages the tests use: chromium for browser tests, postgresql for the PostgreSQL run,
# postgresql and redis-server for the local Bluesky network (tests/connectors), nodejs and npm to
# build the front end. Installed with apt-get when missing (as root).
HAVE_INITDB := ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null
test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	$(HAVE_INITDB) || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "make test needs these Debian packages:$$missing. Run: sudo apt-get install$$missing" >&2; exit 1; fi; \
		echo "Installing$$missing with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
			|| { echo "apt-get could not install$$missing" >&2; exit 1; }; \
	fi; \
	$(HAVE_INITDB) || { echo "PostgreSQL's initdb is missing: install the postgresql package" >&2; exit 1; }

# The local Bluesky network for the connector tests (Node 22 + @atproto/dev-env); about 2-4 minutes.
$(ATPROTO): tools/atproto/package-lock.json tools/atproto/install.sh
	tools/atproto/install.sh
	@touch $@

# mastodon_mock, a simulator of the Mastodon API, in its own venv (it brings FastAPI and SQLAlchemy).
$(MASTODON_MOCK): tools/mastodon/requirements.txt tools/mastodon/install.sh | $(UV)
	PYTHON="$(PYTHON)" tools/mastodon/install.sh
	@touch $@

# Twice: SQLite with the browser tests, then PostgreSQL (a throwaway cluster, see tests/plugin.py).
# Any failure stops make with a non-zero status, "no tests collected" (pytest's 5) included.
# The PostgreSQL pass repeats every test that touches the database (marked `database` by tests/plugin.py),
# the connectors' included, less the browser ones; the rest is plain Python and the first pass ran it.
# tests/test_postgres_pass.py checks that this line leaves out no test module that uses the database.
test: test-deps install lint $(ATPROTO) $(MASTODON_MOCK)
	$(VENV)/bin/pytest -q
	HARBOUR_TEST_DATABASE=postgres $(VENV)/bin/pytest -q -m "database and not browser"

bench: install
	$(UV) sync --frozen --python "$(PYTHON)" --extra celery --group dev --group bench
	$(PY) -m bench $(ARGS)
	$(PY) -m bench.concerns $(CONCERNS_ARGS)
	$(PY) -m bench.publishing_checks $(PUBLISHING_ARGS)
	$(PY) -m bench.consultation_answer $(CONSULTATION_ANSWER_ARGS)
	$(PY) -m bench.consultation_results $(RESULTS_ARGS)

train: install
	$(UV) sync --frozen --python "$(PYTHON)" --extra celery --group dev --group train
	$(PY) -m harbour.screening.training $(ARGS)

clean:
	rm -rf .tools $(VENV) node_modules harbour/static/vendor staticfiles
