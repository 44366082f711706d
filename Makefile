# `make` sets up .venv and runs the main job on the shipped corpus (extract, score, build
# the site); `make test` runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all extract evaluate site test bench robustness clean

all: extract evaluate site

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

extract: $(STAMP)
	$(VENV)/bin/pingan-docs extract corpus --out extracted

# Scores: the shipped corpus, then the development set (11 real documents the rules were
# not written from) and the probes (34 openings of real documents scored first-seen);
# both extracted into build/, not committed.
evaluate: $(STAMP)
	$(VENV)/bin/pingan-docs evaluate --gold tests/gold --extracted extracted
	$(VENV)/bin/pingan-docs extract tests/dev/raw --out build/dev_extracted --quiet
	$(VENV)/bin/pingan-docs evaluate --gold tests/dev/gold --extracted build/dev_extracted
	$(VENV)/bin/pingan-docs extract tests/probes/raw --out build/probes_extracted --quiet
	$(VENV)/bin/pingan-docs evaluate --gold tests/probes/gold --extracted build/probes_extracted

site: $(STAMP)
	$(VENV)/bin/pingan-docs site --extracted extracted --out site

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/pdf_speed.py
	$(PY) benchmarks/corpus_speed.py
	$(PY) benchmarks/graph_speed.py
	$(PY) benchmarks/scale_site.py --docs 2000

# every hostile input class of issue 12, one CLI process per file (about 20 minutes)
robustness: $(STAMP)
	$(PY) benchmarks/robustness.py

clean:
	rm -rf site build .pytest_cache
