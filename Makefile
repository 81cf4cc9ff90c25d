# Drone Atlas: `make run` serves the app, `make test` runs every test. Both set up first.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEPS := $(VENV)/.deps-installed
NODE_DEPS := node_modules/.atlas-installed
ASSETS := static/.assets-installed

.PHONY: help install run test check-data lint format bench clean

help:
	@echo "make run      set up and serve the app on http://localhost:8501"
	@echo "make test     set up and run all tests (JS, unit, app, browser)"
	@echo "make lint     ruff and eslint checks;  make format  ruff format"
	@echo "make bench    performance figures;  make install  set-up only;  make clean"

install: $(DEPS) $(ASSETS)

# Python packages from PyPI into .venv (uv when it can be had: ~2 s instead of ~30 s).
$(DEPS): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
		|| echo "uv not available; installing with pip (slower)"
	@if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install --quiet --python $(PY) -r requirements-dev.txt; \
		else $(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt; fi
	@touch $@

# Leaflet and plugins (and eslint, for make lint) from the npm registry, pinned by
# package-lock.json; never committed.
$(NODE_DEPS): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the map's JS assets (Debian: apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): $(NODE_DEPS) $(DEPS) droneatlas/assets.py droneatlas/placenames.py data/basemap/countries_50m.geojson \
		data/basemap/oblasts.geojson data/basemap/labels.csv data/gazetteer/places.csv $(wildcard static/atlas/*.js)
	$(PY) -m droneatlas.assets install
	@touch $@

run: install
	$(PY) serve.py

# The data's checks, then the map's own scripts (static/atlas: Node's built-in test runner),
# then every Python test.
test: install check-data
	node --test tests/js/
	$(PY) -m pytest

# The curated data: every row valid and sourced, and its coverage (exit 1 otherwise).
check-data: install
	$(PY) -m droneatlas check-data data

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/eslint static/atlas tests/js harness

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules static/vendor static/basemap static/bundle $(ASSETS)
