# Parity: the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PARITY := $(BIN)/parity
DEPENDENCIES := $(VENV)/.dependencies
STAMP := $(VENV)/.installed
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
ADDRESS ?= 127.0.0.1:8000

.PHONY: install run test test-sqlite test-postgres lint bench demo clean uncompiled lock lock-upgrade

# The exact versions come from requirements.lock (all dependencies, dev extras included), then
# Parity itself is installed without letting pip pick any other version.
$(DEPENDENCIES): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(DEPENDENCIES)

# Installing Parity compiles the IATI reader's hot modules with mypyc (setup.py; needs a C
# compiler and Python's headers). Python would run a compiled module rather than its edited
# source, so any change to the IATI package compiles them again (mypyc builds them against the
# modules they import); parity.iati refuses to import a stale one (docs/architecture.md).
$(STAMP): $(DEPENDENCIES) setup.py $(wildcard src/parity/iati/*.py)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## install: the virtual environment with Parity, its compiled modules up to date
install: $(STAMP)

PIP_COMPILE = $(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
	--no-emit-find-links --output-file requirements.lock pyproject.toml

## lock: pin a dependency added to pyproject.toml, keeping every other version as it is
lock:
	$(PIP_COMPILE)

## lock-upgrade: move every pinned dependency to its newest release (then run make test)
lock-upgrade:
	$(PIP_COMPILE) --upgrade

## run: set up, migrate the embedded SQLite database in ./var, load the demo and serve it
## (at ADDRESS, 127.0.0.1:8000 unless given: make run ADDRESS=127.0.0.1:8001)
run: $(STAMP)
	$(PARITY) migrate --verbosity 0
	@if $(PARITY) shell -c "from parity.activities.models import Activity; raise SystemExit(0 if Activity.objects.exists() else 1)"; \
	then echo "Demo data already loaded (var/parity.sqlite3). Log in as 'demo' with the password printed when it was loaded, or set one: $(PARITY) changepassword demo"; \
	else $(PARITY) demo; fi
	@echo "Parity is at http://$(ADDRESS)/ (stop with Ctrl-C)."
	$(PARITY) serve $(ADDRESS)

## test: lint, then the whole suite on SQLite and on PostgreSQL
test: $(STAMP) lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check setup.py src tests bench
	$(BIN)/ruff format --check setup.py src tests bench
	$(BIN)/mypy

test-sqlite: $(STAMP)
	$(BIN)/pytest -q

test-postgres: $(STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

## uncompiled: remove the compiled modules, to run the IATI reader as Python (.venv/bin/pytest);
## the next make install, run or test compiles them again
uncompiled:
	rm -f src/*__mypyc.*.so src/parity/iati/*.so src/parity/iati/_compiled.json $(STAMP)

clean: uncompiled
	rm -rf $(VENV) var .pytest_cache build
