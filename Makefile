# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast test-postgres test-redis lint format bench install install-dev browser node gettext messages clean

# `make run PORT=8200`: the dashboard on 8200 and, without an API key, the sandbox on 8201.
PORT ?= 8000

run: install .env
	$(BIN)/python manage.py rundashboard --port $(PORT)

# The whole suite on SQLite and local caches (two processes: pytest-xdist), then its
# database- and cache-dependent parts again on the production services: PostgreSQL and
# Redis, each when it answers (otherwise the pass is skipped, saying why). Each pass (and
# each xdist worker) uses databases and keys of its own, so two runs never collide.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/lives_admin
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
SERVICE_TESTS := -m "not browser" -n 2 tests/integration tests/contract

test: install-dev browser node
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2
	@$(MAKE) --no-print-directory test-postgres test-redis

# A quick check while working (under 2 minutes): lint and the suite without the tests
# that start real processes (marked `slow`: gunicorn, job workers, a private
# redis-server, `make run`, long fault sweeps) or drive a browser. `make test` runs all.
test-fast: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 -m "not slow and not browser"

test-postgres: install-dev
	@if $(BIN)/python -m tests.services postgres $(TEST_POSTGRES_URL); then \
		set -x; DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest $(SERVICE_TESTS); \
	fi

test-redis: install-dev
	@if $(BIN)/python -m tests.services redis $(TEST_REDIS_URL); then \
		set -x; CACHE_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(SERVICE_TESTS) tests/unit/meltingspot; \
	fi

bench: install-dev
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed messages
install-dev: $(VENV)/.installed-dev messages

# The translations: each committed locale/<lang>/LC_MESSAGES/django.po compiled into its
# .mo (not committed), again whenever the .po changes. README "Languages".
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
messages: $(CATALOGUES:.po=.mo)

# django-admin, not manage.py: the settings need a SECRET_KEY that a fresh clone has not
# written yet, and compilemessages needs no settings (it finds ./locale by itself).
%.mo: %.po | gettext $(VENV)/.installed
	$(BIN)/django-admin compilemessages --ignore=.venv --ignore=node_modules

# compilemessages and makemessages run GNU gettext (msgfmt, xgettext); install it once.
gettext:
	@if ! command -v msgfmt >/dev/null; then \
		echo "Installing GNU gettext for the translations"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; \
	fi

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt sandbox/pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt sandbox/pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# axe-core, pinned in package-lock.json, which the browser tests inject to check
# accessibility; nothing from node_modules is served to users.
node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium; install it once if it is missing.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# A generated secret key on first run; never a shared default.
.env:
	@sed "s/^SECRET_KEY=.*/SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')/" .env.example > .env
	@echo "Created .env with a generated SECRET_KEY"

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache locale/*/LC_MESSAGES/*.mo
