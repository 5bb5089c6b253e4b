# Đảng vụ — developer commands. Works on a fresh Debian machine: `make run` or `make test`.
#   make run  [PORT=8000]        migrate, demo data on first run, serve on 127.0.0.1:$(PORT) (gunicorn)
#   make dev  [PORT=8000]        the same with Django's autoreloading development server (DEBUG on)
#   make test [PYTEST_ARGS=...]  ruff, mypy, pytest on SQLite (with browser tests), pytest on PostgreSQL
#   make bench                   benchmarks (bench/run.py)
#   make bench-scale             province-scale benchmark on a throwaway PostgreSQL (bench/scale.py)
#   make bench-national          national benchmark (5,6M members built once into dangvu_national, then kept)
#   make clean                   remove the virtualenv, caches, logs and test artifacts (keeps var/ data)
#   make distclean               clean, and also delete var/ (the SQLite database, demo markers)
# DATABASE_URL in the environment points `make run` at PostgreSQL instead of var/dangvu.sqlite3.

SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run dev test bench bench-scale bench-national clean distclean venv testdb-start testdb-stop

# Reinstall only when pyproject.toml is newer than the last install (or there is no virtualenv yet).
$(STAMP): pyproject.toml
	@scripts/host-deps.sh build
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the project and its dependencies into $(VENV) (PyICU builds from source: ~1 min)..."
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]'
	@touch $@

venv: $(STAMP)

run: $(STAMP)
	@PORT=$(PORT) scripts/run.sh

dev: $(STAMP)
	@PORT=$(PORT) scripts/run.sh dev

test: $(STAMP)
	@scripts/test.sh

bench: $(STAMP)
	DANGVU_DEMO=1 $(BIN)/python bench/run.py
	DANGVU_DEMO=1 $(BIN)/python bench/import_rate.py --rows 10000
	DANGVU_DEMO=1 $(BIN)/python bench/import_members.py --rows 10000
	DANGVU_DEMO=1 $(BIN)/python bench/load.py --clients 100 --duration 60

# The merged province (~270.000 members) on the throwaway PostgreSQL server: minutes, not part of make test.
bench-scale: $(STAMP)
	DANGVU_DEMO=1 $(BIN)/python bench/scale.py

# The country (34 provinces, 5,6 million members): built once (tens of minutes), reused by later runs.
bench-national: $(STAMP)
	DANGVU_DEMO=1 $(BIN)/python bench/scale.py --national --keep

testdb-start:
	@scripts/testdb.sh start

testdb-stop:
	@scripts/testdb.sh stop

clean:
	-@scripts/testdb.sh stop
	rm -rf $(VENV) var/test-logs var/static test-artifacts bench/results .pytest_cache .mypy_cache .ruff_cache \
		.hypothesis src/*.egg-info
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

distclean: clean
	rm -rf var
