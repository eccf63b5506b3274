# kontakt — two commands on a fresh machine with python3 (3.11) and make:
#   make test   venv, import contracts + mypy, unit + integration + API tests, package, cfn-lint, checkov, package check, the web app's
#               checks (API types, typecheck, lint, unit tests, build) and its browser tests
#   make run    the API and the web app (http://127.0.0.1:$(PORT)/app/) with emulated AWS and demo data
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# checkov has its own venv: its pins (boto3, networkx, packaging) conflict with requirements-dev.txt.
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
STAGE ?= prod
PORT ?= 8000
BUILD := build
PACKAGE_DIR := $(BUILD)/package
PYTEST_LOG := $(BUILD)/pytest.log
PYTEST_WORKERS ?= 2
# chalice package needs a region; no credentials are used.
PACKAGE_ENV := AWS_DEFAULT_REGION=eu-central-2 AWS_REGION=eu-central-2

# The web app (web/): npm ci when the lock file changed, a build when its sources changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json
WEB_NODE := web/node_modules/.package-lock.json
WEB_DIST := web/dist/index.html
OPENAPI_DUMP := import json; from chalicelib.api.openapi import openapi_document as d; print(json.dumps(d(), indent=1, sort_keys=True))

.PHONY: help venv run test pytest mutation lint-imports typecheck package lint-template checkov checkov-venv package-check bench clean web web-deps web-check web-e2e web-api web-api-update web-screenshots chromium

help:
	@echo "make test   - install (first run), all tests, package + cfn-lint + checkov + package check + web checks"
	@echo "make run    - local mode on http://127.0.0.1:$(PORT) (PORT=...)"
	@echo "make mutation - mutation testing of chalicelib/domain on the unit tests (slow; MUTANTS='chalicelib.domain.NAME*')"
	@echo "make bench  - benchmarks (scripts/bench_*.py), figures in docs/performance.md"
	@echo "make package STAGE=prod|dev - $(PACKAGE_DIR)/sam.json + deployment zips"

venv: $(STAMP)

# Reinstalls only when a requirements file changed since the last install.
$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; v = sys.version_info[:2]; v == (3, 11) or print(f"warning: Python {v[0]}.{v[1]}; Lambda runs 3.11")'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.2.1"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: venv $(WEB_DIST)
	$(BIN)/python -m local.server

$(WEB_NODE): web/package.json web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

web-deps: $(WEB_NODE)

$(WEB_DIST): $(WEB_NODE) $(WEB_SOURCES)
	cd web && npx vite build --logLevel warn

web: $(WEB_DIST)

# The client is typed from the API's OpenAPI document: a stale dump or stale types fail here.
web-api: venv $(WEB_NODE)
	$(BIN)/python -B -c '$(OPENAPI_DUMP)' > web/openapi.json
	git diff --exit-code -- web/openapi.json || (echo "web/openapi.json is stale: commit the dump above" >&2; exit 1)
	cd web && npx openapi-typescript openapi.json -o src/api/schema.d.ts --default-non-nullable false --check

# After a change of the API: write the dump and the client's types (commit both).
web-api-update: venv $(WEB_NODE)
	$(BIN)/python -B -c '$(OPENAPI_DUMP)' > web/openapi.json
	cd web && npx openapi-typescript openapi.json -o src/api/schema.d.ts --default-non-nullable false

web-check: web-api
	cd web && npm run --silent typecheck && npm run --silent lint && npx vitest run --reporter=dot
	$(MAKE) --no-print-directory $(WEB_DIST)

# Debian's Chromium drives the end-to-end tests (Playwright never downloads a browser here);
# chromium-l10n holds its German UI locale, without which <input type="date"> shows mm/dd/yyyy.
chromium:
	@command -v chromium >/dev/null || (apt-get install -y chromium >/dev/null || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null))
	@test -e /usr/lib/chromium/locales/de.pak || (apt-get install -y chromium-l10n >/dev/null || (apt-get update >/dev/null && apt-get install -y chromium-l10n >/dev/null))

web-e2e: venv chromium $(WEB_DIST)
	cd web && npx playwright test

# The same tasks, writing the screenshots of docs/web-app.md (web/screenshots/*.png).
web-screenshots: venv chromium $(WEB_DIST)
	cd web && E2E_SCREENSHOTS=1 npx playwright test

checkov-venv: $(CHECKOV_STAMP)

$(CHECKOV_STAMP): requirements-checkov.txt
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	@touch $@

# The pytest summary is printed again at the very end: CI reads the closing line. checkov's
# venv is installed while the tests run (a first run on a fresh clone).
test: venv
	@$(MAKE) --no-print-directory lint-imports typecheck
	@$(MAKE) --no-print-directory -j2 pytest checkov-venv
	@$(MAKE) --no-print-directory package lint-template checkov package-check web-check web-e2e
	@tail -n 1 $(PYTEST_LOG)

pytest: venv
	@mkdir -p $(BUILD)
	$(BIN)/python -m pytest tests/unit tests/integration tests/api -q -n $(PYTEST_WORKERS) -p no:cacheprovider \
		2>&1 | tee $(PYTEST_LOG)

# The layers of chalicelib (.importlinter, docs/architecture.md); import-linter reads function-level imports too.
lint-imports: venv
	$(BIN)/lint-imports --no-cache --no-logo

# mypy (mypy.ini): strict on chalicelib/domain, check_untyped_defs on the rest with listed relaxations.
# The cache (.mypy_cache) makes a re-run take about a second.
typecheck: venv
	$(BIN)/mypy
# Mutation testing of the pure domain layer with the unit tests alone (setup.cfg [mutmut]); not part of
# `make test` (minutes). Niced and on few workers: the machine is shared. MUTANTS narrows it, e.g.
# MUTANTS='chalicelib.domain.subscription*' (named mutants are re-run; an unnamed run keeps earlier
# results). Score per module: scripts/mutation_score.py; figures and survivors in docs/testing.md.
MUTATION_WORKERS ?= 2
MUTANTS ?=
mutation: venv
	@mkdir -p $(BUILD)
	nice -n 19 $(BIN)/mutmut run --max-children $(MUTATION_WORKERS) $(MUTANTS) > $(BUILD)/mutation.log 2>&1 \
		|| (tail -n 40 $(BUILD)/mutation.log; exit 1)
	$(BIN)/python scripts/mutation_score.py

# chalice package → bind event sources to this stack's queue/topic → the back-office authorizer to the
# stack's Cognito pool, API Gateway's answers in the error shape → log groups with retention and
# the API stage's throttling/access log → drop what Lambda provides.
package: venv
	@rm -rf $(PACKAGE_DIR)
	$(PACKAGE_ENV) $(BIN)/chalice package --stage $(STAGE) --merge-template infra/resources.json $(PACKAGE_DIR)
	$(BIN)/python scripts/bind_event_sources.py $(PACKAGE_DIR)/sam.json
	$(BIN)/python scripts/bind_authorizer.py $(PACKAGE_DIR)/sam.json
	$(BIN)/python scripts/harden_template.py $(PACKAGE_DIR)/sam.json
	$(BIN)/python scripts/slim_package.py $(PACKAGE_DIR)

lint-template: venv
	$(BIN)/cfn-lint $(PACKAGE_DIR)/sam.json infra/webapp.json
	@echo "cfn-lint: $(PACKAGE_DIR)/sam.json infra/webapp.json OK"

# The outside scanner on the packaged template and the web app's stack; skipped checks and why: .checkov.yaml.
checkov: checkov-venv
	$(CHECKOV_VENV)/bin/checkov --config-file .checkov.yaml -f $(PACKAGE_DIR)/sam.json -f infra/webapp.json

package-check: venv
	$(BIN)/python scripts/package_check.py $(PACKAGE_DIR)

bench: venv package $(WEB_DIST) chromium
	@for script in scripts/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(BUILD) .pytest_cache web/dist web/test-results
