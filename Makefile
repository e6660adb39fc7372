# `make serve` and `make test` set up everything themselves: the venv, pinned Python packages,
# the npm packages the tests use, and (as root on Debian) the chromium package for browser tests.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test sync check drift lock bench chromium clean

# requirements-dev.txt pins every package, the site's own included, each with its hashes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
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
	$(PY) -m pytest -n 2 tests  # two workers, one per core of these machines; each builds the site once

sync: $(VENV)/.installed  ## refresh data/ from the official schemas of the pinned ocpp package (SCHEMAS=folder: other 2.1 schemas)
	$(PY) -m macros.sources.sync $(if $(SCHEMAS),--schemas "$(SCHEMAS)")

check: $(VENV)/.installed  ## report drift between data/ and the official schemas, write nothing (SCHEMAS=folder: other 2.1 schemas)
	$(PY) -m macros.sources.sync --check $(if $(SCHEMAS),--schemas "$(SCHEMAS)")

# The newest release of the schemas' package goes into a throwaway venv, as a wheel (no code of it
# runs) and unpinned by design: the point is to see what changed upstream. It never reaches .venv.
DRIFT_PACKAGE ?= ocpp

drift: $(VENV)/.installed  ## name what changed in the newest ocpp release's 2.1 schemas against data/ (schema-drift.yml)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	python3 -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: --no-cache-dir "$(DRIFT_PACKAGE)" && \
	site=$$("$$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))') && \
	$(MAKE) --no-print-directory check SCHEMAS="$$site/ocpp/v21/schemas"

# The one pip-compile command for both files (a test checks the files are what it makes of the .in
# files). Routine updates come from Dependabot; by hand: make lock LOCK_ARGS=--upgrade-package=NAME
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

lock: $(VENV)/.installed  ## compile requirements*.in into the hash-pinned requirements*.txt
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements-dev.txt requirements-dev.in

bench: $(VENV)/.installed node_modules/.installed chromium  ## measure, print and write BENCHMARKS.md
	$(PY) -m tests.benchmark

clean:
	rm -rf site site.building site.old node_modules $(VENV)
