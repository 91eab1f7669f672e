# COOPAC PETROPERÚ member portal. Two commands matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12 for the app and its packaging (Lambda runs python3.12). pyenv's python3.12 shim
# fails unless PYENV_VERSION is set, so look for a working interpreter, then pyenv's copy.
PYTHON ?= $(shell for candidate in python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12 2>/dev/null | sort -V | tail -n 1) python3; do \
	  if [ -n "$$candidate" ] && $$candidate -c 'import sys; sys.exit(sys.version_info[:2] < (3, 12))' 2>/dev/null; then echo $$candidate; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
export AWS_DEFAULT_REGION ?= us-east-1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test check bench lint typecheck site-check unit functional at-month-end faults e2e fuzz load infra-test synth site deps browser lighthouse clean

help:  ## this list
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z0-9-]+):.*## (.*)/\1\t\2/' \
	  | awk -F '\t' '{ printf "  make %-13s %s\n", $$1, $$2 }'

$(STAMPS):
	@mkdir -p $(STAMPS)

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "Se necesita Python 3.12 o superior (python3.12 no encontrado)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/python-deps: requirements.txt requirements-dev.txt | $(PY) $(STAMPS)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(STAMPS)/site-deps: static-site/package.json static-site/package-lock.json | $(STAMPS)
	cd static-site && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/infra-deps: infra/package.json infra/package-lock.json | $(STAMPS)
	cd infra && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(STAMPS)/python-deps $(STAMPS)/site-deps $(STAMPS)/infra-deps  ## install Python, site and CDK dependencies (once; stamped in .stamps/)

site: $(STAMPS)/site-deps  ## build the static site into static-site/dist
	cd static-site && npm run --silent build

# Debian's Chromium drives the browser tests; Playwright cannot download browsers here.
browser:  ## install Debian's Chromium for the browser tests when missing
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Instalando Chromium (Debian)…"; \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null)); \
	else \
	  echo "Falta Chromium: instálelo con 'sudo apt-get install chromium' (se usa /usr/bin/chromium)." >&2; exit 1; \
	fi

run: $(STAMPS)/python-deps site  ## local stack with the demo cooperative on http://127.0.0.1:8000 (prints the logins)
	$(PY) -m dev.local_stack

lint: $(STAMPS)/python-deps  ## ruff, bandit and the import-layer contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -c pyproject.toml -q -r chalicelib app.py
	$(VENV)/bin/lint-imports

typecheck: $(STAMPS)/python-deps  ## mypy
	$(VENV)/bin/mypy

unit: $(STAMPS)/python-deps  ## the domain's unit tests (seconds)
	$(PY) -m pytest -q tests/unit

functional: $(STAMPS)/python-deps  ## handler tests through chalice.test.Client on moto
	$(PY) -m pytest -q -n 2 tests/functional

# The unit and functional suites again with the clock at 23:30 in Lima on the last day of this
# month: already the next day, and month, in UTC (tests/conftest.py reads COOPAC_TEST_INSTANT;
# any ISO instant with its offset works too).
COOPAC_TEST_INSTANT ?= lima-month-end
at-month-end: $(STAMPS)/python-deps  ## unit + functional again at 23:30 Lima on the month's last day
	COOPAC_TEST_INSTANT=$(COOPAC_TEST_INSTANT) $(PY) -m pytest -q -n 2 tests/unit tests/functional

site-check: $(STAMPS)/site-deps  ## the site's ESLint, source checks and node tests (no build)
	cd static-site && npm run --silent check && npm test --silent

# Everything but the slow, browser and local-stack suites (at-month-end, faults, e2e, fuzz, load,
# synth): the fast loop before a commit. `make test` stays everything.
check: lint typecheck site-check unit functional infra-test  ## the fast loop (minutes): lint, types, the site's checks and tests, unit, functional, CDK assertions

e2e: $(STAMPS)/python-deps site browser  ## browser tests in Chromium against the local stack
	$(PY) -m pytest -q tests/e2e

# The import worker SIGKILLed mid-file and re-run; SES failing while mails wait on SQS.
faults: $(STAMPS)/python-deps  ## the import worker killed mid-file, SES failing while mails wait
	$(PY) -m pytest -q tests/faults

# schemathesis against openapi.yaml on the local stack, as a member and as staff (bounded;
# FUZZ_EXAMPLES raises the examples per operation).
fuzz: $(STAMPS)/python-deps site  ## schemathesis against openapi.yaml on the local stack
	$(PY) -m pytest -q -s tests/fuzz

# locust headless: 50 members + 10 staff for LOAD_SECONDS (180 s), writes read back afterwards.
load: $(STAMPS)/python-deps site  ## locust, 50 members + 10 staff for LOAD_SECONDS (180 s), read back after
	$(PY) -m pytest -q -s tests/load

synth: $(STAMPS)/python-deps $(STAMPS)/infra-deps  ## cdk synth and cfn-lint of the templates
	cd infra && PATH="$(CURDIR)/$(VENV)/bin:$$PATH" npx --no-install cdk synth --quiet --output cdk.out >/dev/null
	$(VENV)/bin/cfn-lint --non-zero-exit-code error infra/cdk.out/*.template.json

infra-test: $(STAMPS)/python-deps $(STAMPS)/infra-deps  ## CDK assertion tests
	$(PY) -m pytest -q tests/infra

test: deps site browser lint typecheck unit functional at-month-end faults e2e fuzz load infra-test synth  ## every check and suite, the browser, stack and slow ones included: what CI runs (.ci/run)
	@echo "Todas las pruebas pasaron."

bench: $(STAMPS)/python-deps $(STAMPS)/infra-deps site browser  ## benchmarks: latency, DynamoDB calls, cold starts from the synthesized package (synths when stale), Lighthouse on a phone and the monthly cost table
	$(PY) -m bench

# Lighthouse (static-site's pinned devDependency, Debian's Chromium) on the local stack: the login
# page and the member's Inicio, mobile with simulated throttling (bench/lighthouse.py).
lighthouse: $(STAMPS)/python-deps site browser  ## Lighthouse on a phone: login and the member's Inicio (scores, LCP, KiB)
	$(PY) -m bench lighthouse

clean:  ## remove the venv, stamps, node_modules and build output
	rm -rf $(VENV) $(STAMPS) static-site/node_modules static-site/dist infra/node_modules infra/cdk.out
