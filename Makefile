# `make serve` and `make test` set up everything themselves: the venv, pinned Python packages,
# the npm packages the tests use, and (as root on Debian) the chromium package for browser tests.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test sync check bench chromium clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

serve: $(VENV)/.installed  ## the site at http://127.0.0.1:8000, rebuilt on every change to docs/, data/ or macros/
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: $(VENV)/.installed  ## the site into site/
	$(PY) -m mkdocs build --strict

chromium:  ## Debian's chromium for the browser tests (Playwright cannot download browsers here)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package (apt-get install chromium)" >&2; exit 1; fi; }

test: $(VENV)/.installed node_modules/.installed chromium  ## every test
	$(PY) -m pytest tests

sync: $(VENV)/.installed  ## refresh data/ from the official schemas of the pinned ocpp package
	$(PY) -m macros.sync

check: $(VENV)/.installed  ## report drift between data/ and the official schemas, write nothing
	$(PY) -m macros.sync --check

bench: $(VENV)/.installed node_modules/.installed chromium  ## measure, print and write BENCHMARKS.md
	$(PY) -m tests.benchmark

clean:
	rm -rf site site.building site.old node_modules $(VENV)
