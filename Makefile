# The two set-up commands of the README:
#   make build   renders deck.yaml into build/ (deck.pptx, deck.html)
#   make test    installs what the tests need, checks lint, format and types, runs the suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: build test system-deps bench lint clean

build: $(VENV)/.installed
	$(BIN)/podium build deck.yaml -o build

test: $(VENV)/.installed-test system-deps lint
	$(BIN)/python -m pytest

system-deps:
	bash scripts/install-system-deps.sh

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# ruff (lint and format) and mypy --strict, from the test extra; make test runs it first.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf build $(VENV)
