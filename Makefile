# kontakt — two commands on a fresh machine with python3 (3.11) and make:
#   make test   venv, unit + integration + API tests, package, cfn-lint, package check
#   make run    the API on http://127.0.0.1:$(PORT) with emulated AWS and demo data
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAGE ?= prod
PORT ?= 8000
BUILD := build
PACKAGE_DIR := $(BUILD)/package
PYTEST_LOG := $(BUILD)/pytest.log
PYTEST_WORKERS ?= 2
# chalice package needs a region; no credentials are used.
PACKAGE_ENV := AWS_DEFAULT_REGION=eu-central-2 AWS_REGION=eu-central-2

.PHONY: help venv run test pytest package lint-template package-check bench clean

help:
	@echo "make test   - install (first run), all tests, package + cfn-lint + package check"
	@echo "make run    - local mode on http://127.0.0.1:$(PORT) (PORT=...)"
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

run: venv
	$(BIN)/python -m local.server

# The pytest summary is printed again at the very end: CI reads the closing line.
test: venv pytest package lint-template package-check
	@tail -n 1 $(PYTEST_LOG)

pytest: venv
	@mkdir -p $(BUILD)
	$(BIN)/python -m pytest tests/unit tests/integration tests/api -q -n $(PYTEST_WORKERS) -p no:cacheprovider \
		2>&1 | tee $(PYTEST_LOG)

# chalice package → bind event sources to this stack's queue/topic → drop what Lambda provides.
package: venv
	@rm -rf $(PACKAGE_DIR)
	$(PACKAGE_ENV) $(BIN)/chalice package --stage $(STAGE) --merge-template infra/resources.json $(PACKAGE_DIR)
	$(BIN)/python scripts/bind_event_sources.py $(PACKAGE_DIR)/sam.json
	$(BIN)/python scripts/slim_package.py $(PACKAGE_DIR)

lint-template: venv
	$(BIN)/cfn-lint $(PACKAGE_DIR)/sam.json
	@echo "cfn-lint: $(PACKAGE_DIR)/sam.json OK"

package-check: venv
	$(BIN)/python scripts/package_check.py $(PACKAGE_DIR)

bench: venv package
	@for script in scripts/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(BUILD) .pytest_cache
