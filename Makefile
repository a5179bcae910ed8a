# Two commands do everything on a fresh machine:
#   make demo   set up, start the local replicas, crawl them into SQLite, print what was stored
#   make test   set up, run the linters, then the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo lint test bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) -m crawler.replica.demo

# ruff (lint and format) and mypy, configured in pyproject.toml
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q -p no:cacheprovider tests

bench: install
	$(PY) bench/dedupe.py
	$(PY) bench/sources_eval.py

clean:
	rm -rf $(VENV) data
