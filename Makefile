# `make` sets up .venv and runs the main job on the shipped corpus; `make test` runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all extract evaluate test bench clean

all: extract evaluate

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

extract: $(STAMP)
	$(VENV)/bin/pingan-docs extract corpus --out extracted

evaluate: $(STAMP)
	$(VENV)/bin/pingan-docs evaluate --gold tests/gold --extracted extracted | tail -25

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/speed.py

clean:
	rm -rf site .pytest_cache
