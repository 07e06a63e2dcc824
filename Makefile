# Two commands matter: `make lab` (install, then open the workbench on the example framework)
# and `make test` (install, then run the whole test suite, browser tests included, and the slow ones:
# the wheel built, installed in a fresh venv from PyPI and used from an empty folder).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: lab test install install-test browser graphviz hub-proxy js-verifier ob2-validator bench lint

lab: install
	$(VENV)/bin/badgeworkbench lab

test: install-test browser graphviz hub-proxy js-verifier ob2-validator
	$(PY) -m pytest -n 2 --dist loadgroup

bench: install
	$(PY) -m benchmarks

lint: install-test
	$(VENV)/bin/ruff check badgeworkbench tests benchmarks notebooks
	$(VENV)/bin/ruff format --check badgeworkbench tests benchmarks

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .

install-test: $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test]"

# The browser tests drive Debian's Chromium (Playwright's own browser download needs the internet).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# The layout tests compare our edge crossings with Graphviz dot's (a reference only: the product never runs it).
graphviz:
	@command -v dot >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q graphviz; }

# The Data Integrity tests check our proofs with an independent implementation, Digital Bazaar's
# reference JavaScript libraries, pinned by tests/js/package-lock.json (npm itself from Debian when missing).
js-verifier:
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q npm; }
	cd tests/js && npm ci --silent --no-audit --no-fund

# The JupyterHub test needs JupyterHub's proxy, from the npm registry (npm itself from Debian when missing);
# only where neither can be installed does that test skip, saying so.
hub-proxy:
	@command -v configurable-http-proxy >/dev/null 2>&1 || { command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q npm; }; npm install -g --silent configurable-http-proxy; } || echo "configurable-http-proxy not installed: the JupyterHub test will skip"

# 1EdTech's Open Badges 2.0 validator (PyPI "openbadges"), which the independent-validator tests run offline,
# lives in its own venv (the test builds it when missing, or `make ob2-validator`): its pins (jsonschema 2.6,
# PyLD 0.7) clash with the workbench's. Versions that run on this Python are pinned in
# tests/independent/ob2-validator.txt (installed without the validator's own pins).
OB2_VALIDATOR ?= .venv-ob2validator
ob2-validator: $(VENV)/bin/python
	@$(OB2_VALIDATOR)/bin/python -c "import openbadges" 2>/dev/null || { $(PY) -m venv $(OB2_VALIDATOR) && $(OB2_VALIDATOR)/bin/python -m pip install --quiet --no-deps -r tests/independent/ob2-validator.txt; }
