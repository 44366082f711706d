"""Imported once by the worker pool's fork server: imports the readers and the NLP
modules, loads jieba's dictionary, builds the spaCy pipeline and warms what its components load
on first use there, so every worker
forked from it starts with them in memory."""

from __future__ import annotations

import gc
import importlib
import pkgutil

from .. import ingest, nlp
from ..nlp.pipeline import warm_up
from . import task  # noqa: F401  (the per-file function and what it imports)

for package in (ingest, nlp):
    for module in pkgutil.iter_modules(package.__path__):
        try:
            importlib.import_module(f"{package.__name__}.{module.name}")
        except ImportError:  # an optional reader whose library is missing: loaded on use
            pass
try:
    warm_up()
except Exception:  # a broken lexicon must not kill the fork server: each file reports it
    pass
gc.freeze()  # the loaded objects are never garbage: keep collections from rescanning them
