"""Shared fixtures: the shipped corpus extracted once per test session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"
DEV = ROOT / "tests" / "dev"  # 11 real documents the rules were not written from, with gold


def _extract(folder: str, out: Path) -> Path:
    """The real pipeline run on a folder of the repository, as a user runs it from there."""
    from pingan_docs.extract import extract_corpus

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = extract_corpus([Path(folder)], out, progress=False)
    finally:
        os.chdir(cwd)
    assert not result.failures, result.failures
    return out


def _documents(folder: Path) -> dict:
    from pingan_docs.extract import iter_documents

    return {d.doc_id: d for d in iter_documents(folder)}


def _report(gold_dir: Path, folder: Path) -> dict:
    from pingan_docs.evaluate import evaluate_dirs

    return evaluate_dirs(gold_dir, folder)


@pytest.fixture(scope="session")
def extracted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus/ extracted as the README's main command does."""
    return _extract("corpus", tmp_path_factory.mktemp("extracted"))


@pytest.fixture(scope="session")
def documents(extracted_dir: Path) -> dict:
    return _documents(extracted_dir)


@pytest.fixture(scope="session")
def report(extracted_dir: Path) -> dict:
    return _report(GOLD, extracted_dir)


def gold(doc_id: str) -> dict:
    return json.loads((GOLD / f"{doc_id.split('.')[0]}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dev_extracted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The development set extracted as a user would (``pingan-docs extract tests/dev/raw``)."""
    return _extract("tests/dev/raw", tmp_path_factory.mktemp("dev_extracted"))


@pytest.fixture(scope="session")
def dev_documents(dev_extracted_dir: Path) -> dict:
    return _documents(dev_extracted_dir)


@pytest.fixture(scope="session")
def dev_report(dev_extracted_dir: Path) -> dict:
    return _report(DEV / "gold", dev_extracted_dir)
