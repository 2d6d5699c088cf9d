# `make site` and `make test` work on a fresh machine: each creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast test-under-load serve validate check schema schema-check clean bench bench-preview screenshots audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

site: $(VENV)/.installed
	$(BIN)/playbook validate
	$(BIN)/playbook build --site-dir site

# Live preview on http://127.0.0.1:$(PORT)/ (`make serve PORT=8001`); Ctrl-C stops it cleanly.
PORT ?= 8000
serve: $(VENV)/.installed
	$(BIN)/playbook serve --port $(PORT)

validate: $(VENV)/.installed
	$(BIN)/playbook validate

# The health check ("is our sales system complete?"); fails on findings of severity error.
check: $(VENV)/.installed
	$(BIN)/playbook check

schema: $(VENV)/.installed
	$(BIN)/playbook schema

schema-check: $(VENV)/.installed
	$(BIN)/playbook schema --check

# axe-core for the accessibility browser test comes from npm (pinned); without npm that test skips
# locally, and fails in CI (CI=true), where .ci/run has Node.
NODE_TOOLS := $(if $(shell command -v npm 2>/dev/null),node_modules/.package-lock.json)

# The whole suite, on every core (pytest-xdist; `make test WORKERS=1` for one process).
WORKERS ?= auto
XDIST = -n $(WORKERS) --dist loadgroup
test: $(VENV)/.installed-test $(NODE_TOOLS)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The edit-test loop: everything but the browser tests and the slow ones (a minute or less).
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(XDIST) -m "not browser and not slow" $(PYTEST_ARGS)

# The timing-dependent tests (live preview, Ctrl-C) beside a busy loop on every core.
LOAD_TESTS ?= tests/test_serve.py tests/test_preview.py tests/test_trust.py::test_the_preview_keeps_watching_a_folder_moved_away_and_back
test-under-load: $(VENV)/.installed-test
	$(BIN)/python tests/load.py -- $(LOAD_TESTS) $(PYTEST_ARGS)

# Screenshots of every page kind (desktop and phone) into tests/screenshots/ (git-ignored).
screenshots: $(VENV)/.installed-test
	PLAYBOOK_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_screenshots.py -q

# Build-speed benchmark (a script, not a test): `make bench`, or `make bench SIZES=1000`.
SIZES ?= 100,300,1000,5000
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --sizes $(SIZES)

# Live preview: seconds from saving one YAML file to the refreshed page, on the sample and at 1,000 entities.
bench-preview: $(VENV)/.installed
	$(BIN)/python bench/preview.py

# Node tools pinned in package-lock.json: Lighthouse for `make audit`, axe-core for audits and tests.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Lighthouse and axe-core over every page kind of the built sample (a report, not a test), into
# audit/results/; `make audit AUDIT_ARGS="--pages key --strict"` for the key pages, failing on a miss.
audit: $(VENV)/.installed node_modules/.package-lock.json
	$(BIN)/python audit/run.py $(AUDIT_ARGS)

clean:
	rm -rf site .venv
