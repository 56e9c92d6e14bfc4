# IGPM Knowledge Base. `make help` lists the targets.
# Every target creates or updates the virtual environment first, so a fresh
# clone needs no other set-up step.

VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
# The site generator: mkdocs (MkDocs 1.6.1) or properdocs (its maintained fork),
# e.g. `make check ENGINE=properdocs`; see kb.adapters.engine. KB_ENGINE in the
# environment is the default.
ENGINE   ?= $(or $(KB_ENGINE),mkdocs)
KB       := PYTHONPATH=scripts NO_MKDOCS_2_WARNING=1 KB_ENGINE=$(ENGINE) $(PY) -m kb
PYTHON3  ?= python3

.DEFAULT_GOAL := help
.PHONY: help venv serve test check build lint lock clean review new changes codeowners urls bench lighthouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP) ## Create or update the virtual environment in .venv

# --dirty rebuilds only the pages that changed (a change shows in about 2 s
# at 1,000 documents instead of about 11 s; see DEVELOPMENT.md); MkDocs
# warns about dirty builds, so serve cannot be strict. `make check` always is.
# kb.adapters.mkdocs_run runs the engine's own serve, its log in the gate's words
# (kb.adapters.serve_log); VERBOSE=1 shows MkDocs' whole log instead.
serve: $(STAMP) ## Serve the site with live reload at http://127.0.0.1:8000 (drafts shown, marked; VERBOSE=1: full log)
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true KB_ENGINE=$(ENGINE) KB_VERBOSE=$(VERBOSE) PYTHONPATH=scripts \
		$(PY) -m kb.adapters.mkdocs_run serve --config-file mkdocs.yml --dev-addr 127.0.0.1:8000 --livereload --dirty --no-strict

# VERBOSE=1 also shows MkDocs', the plugins' and LinkChecker's own log lines (kb.build.build_log).
VERBOSE_OPTION = $(if $(filter 1,$(VERBOSE)),--verbose)

check: $(STAMP) ## The publishing gate: check documents and old addresses, build strictly, check every link (VERBOSE=1: full log)
	@$(KB) gate $(VERBOSE_OPTION)

build: $(STAMP) ## Build the site into site/ (replaced only if the build succeeds)
	$(KB) build $(VERBOSE_OPTION)

urls: $(STAMP) ## Record every published page's address in published-urls.yml (after publishing)
	$(KB) urls

# Lighthouse (tests/browser/lighthouse/package.json, pinned) on Debian's Chromium, offline; CHROME_PATH names another Chromium.
LIGHTHOUSE_CLI := tests/browser/lighthouse/node_modules/lighthouse/cli/index.js

$(LIGHTHOUSE_CLI): tests/browser/lighthouse/package-lock.json
	npm ci --prefix tests/browser/lighthouse --ignore-scripts --no-audit --no-fund
	@touch $@

lighthouse: $(STAMP) $(LIGHTHOUSE_CLI) ## Build, then Lighthouse on home, a paper, a guidance page and an FAQ (accessibility must be 100)
	$(KB) build
	PYTHONPATH=scripts $(PY) -m kb.bench.lighthouse --site-dir site

N ?= 100,1000,3000
bench: $(STAMP) $(LIGHTHOUSE_CLI) ## Time the gate on N synthetic documents (N=100,1000,3000; BASELINE=0, SERVE=0 to skip)
	$(KB) bench --sizes $(N) $(if $(filter 0,$(BASELINE)),--no-baseline) $(if $(filter 0,$(SERVE)),--no-serve)

lint: $(STAMP) ## Lint the Python code with ruff
	$(PY) -m ruff check scripts tests
	$(PY) -m ruff format --check scripts tests

test: $(STAMP) ## Lint, run the publishing gate, then every test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check
	$(PY) -m pytest

lock: $(STAMP) ## Re-pin requirements.txt from requirements.in
	$(PY) -m pip install --quiet pip-tools==7.6.2
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url -o requirements.txt requirements.in

clean: ## Remove the built site and every cache, .cache/ included: the next build starts from nothing (keeps .venv)
	rm -rf site .site-* .cache .pytest_cache .ruff_cache

# Editors' and authors' tools (see "Review dates and editors' tools" in README.md)
DAYS ?= 60
BASE ?= origin/main

review: $(STAMP) ## Documents overdue for review and due within DAYS days (default 60), by owner
	$(KB) review --days $(DAYS)

new: export KB_NEW_TYPE := $(TYPE)
new: export KB_NEW_TITLE := $(TITLE)
new: $(STAMP) ## Start a new draft: make new TYPE=guidance TITLE="Recruiting a deputy manager"
	@test -n "$(TYPE)" || { echo 'Say which type: make new TYPE=guidance TITLE="..." (position-paper, guidance or faq)' >&2; exit 1; }
	@test -n "$(TITLE)" || { echo 'Give a title: make new TYPE=$(TYPE) TITLE="..."' >&2; exit 1; }
	@$(KB) new "$$KB_NEW_TYPE" "$$KB_NEW_TITLE"

changes: $(STAMP) ## Documents this branch adds, changes or removes since BASE (default origin/main)
	$(KB) changes --base $(BASE)

codeowners: $(STAMP) ## Regenerate .github/CODEOWNERS from data/people.yml
	$(KB) codeowners
