# The project's front door. `make run` and `make test` are all a newcomer needs.
# The virtualenv's interpreter: the system's own CPython where it is 3.11 or newer and can make virtualenvs
# (Debian's /usr/bin/python3, built with profile-guided and link-time optimization, as the Docker image's
# python:3.11-slim is), else the first python3 on PATH. A plain source build such as pyenv's default (a shared
# library, no PGO) renders pages about a third slower than either, which `make bench` would then report
# (bench/RESULTS.md). `make PYTHON=...` picks another; an existing .venv keeps the interpreter it was made with.
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install e2e-prereqs run serve worker test lint fmt migrations-check bench cluster backup restore clean

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# The address `run` serves on, for what has no page request to take it from: seed_demo's login line, emails.
# Pages, feeds and JSON then agree with them (newsroom/site_url.py). A NEWSROOM_SITE_URL of your own wins.
RUN_SITE_URL = $(or $(NEWSROOM_SITE_URL),http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT))

# The queue's worker runs beside the server, so that a sign-up's emails print in this terminal and a video's
# still is fetched, as in production; it stops with the server.
run: install
	$(BIN)/python manage.py migrate --noinput
	NEWSROOM_SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py seed_demo
	NEWSROOM_SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	NEWSROOM_SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The email queue's worker (django-tasks-db): sends membership emails, retrying while SMTP is down.
# Run it beside `run` or `serve`; cron `manage.py membership_lapse` daily.
worker: install
	$(BIN)/python manage.py db_worker --no-reload

# Production-shaped: gunicorn, DEBUG off, hashed and compressed static files through whitenoise.
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/gunicorn --config gunicorn.conf.py newsroom.wsgi

# The browser tests' Chromium, Java and npm tools; outside CI they skip when these cannot be installed.
e2e-prereqs:
	@bash scripts/e2e-prereqs.sh

test: install e2e-prereqs
	@$(BIN)/python -c "import os; u = os.environ.get('DATABASE_URL', ''); print('Tests run on ' + ('PostgreSQL (' + u.split('@')[-1] + ')' if u.startswith('postgres') else 'SQLite (in memory)'))"
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Database and media with django-dbbackup, into BACKUP_DIR: NAME.dump (pg_dump's custom format on PostgreSQL,
# a copy of the file on SQLite) and NAME-media.tar.gz beside it; restore both with DUMP=path/to/NAME.dump.
BACKUP_DIR ?= var/backups
BACKUP_NAME := newsroom-$(shell date -u +%Y%m%dT%H%M%SZ)
backup: install
	@mkdir -p $(BACKUP_DIR)
	$(BIN)/python manage.py dbbackup --noinput --database default --output-path $(BACKUP_DIR)/$(BACKUP_NAME).dump
	$(BIN)/python manage.py mediabackup --noinput --compress --output-path $(BACKUP_DIR)/$(BACKUP_NAME)-media.tar.gz
	@echo "$(BACKUP_DIR)/$(BACKUP_NAME).dump and $(BACKUP_DIR)/$(BACKUP_NAME)-media.tar.gz"

restore: install
	@test -n "$(DUMP)" || (echo "Usage: make restore DUMP=var/backups/newsroom-....dump (restores the -media.tar.gz beside it too)" && exit 2)
	$(BIN)/python manage.py dbrestore --noinput --database default --input-path $(DUMP)
	@media="$(DUMP:.dump=-media.tar.gz)"; if test -f "$$media"; then \
		$(BIN)/python manage.py mediarestore --noinput --uncompress --replace --input-path "$$media"; fi

# The benchmark: seeds PostgreSQL (newsroom_bench), runs gunicorn with production settings, loads it with wrk
# and prints one table (bench/RESULTS.md). The scale run: make bench BENCH_ARGS="--articles 100000".
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Many machines on loopback: PostgreSQL primary + streaming replica, two app nodes, Varnish in front; wrk
# through Varnish while stories change and the replica stops (bench/cluster.py; figures in bench/RESULTS.md).
cluster: install
	$(BIN)/python bench/cluster.py $(CLUSTER_ARGS)

clean:
	rm -rf $(VENV) var/static
