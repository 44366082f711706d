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


@pytest.fixture(scope="session")
def extracted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real pipeline run on corpus/ (as the README's main command does)."""
    from pingan_docs.extract import extract_corpus

    out = tmp_path_factory.mktemp("extracted")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = extract_corpus([Path("corpus")], out, progress=False)
    finally:
        os.chdir(cwd)
    assert not result.failures, result.failures
    return out


@pytest.fixture(scope="session")
def documents(extracted_dir: Path) -> dict:
    from pingan_docs.extract import iter_documents

    return {d.doc_id: d for d in iter_documents(extracted_dir)}


@pytest.fixture(scope="session")
def report(extracted_dir: Path) -> dict:
    from pingan_docs.evaluate import evaluate_dirs

    return evaluate_dirs(GOLD, extracted_dir)


def gold(doc_id: str) -> dict:
    return json.loads((GOLD / f"{doc_id.split('.')[0]}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dev_extracted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The development set extracted as a user would (``pingan-docs extract tests/dev/raw``)."""
    from pingan_docs.extract import extract_corpus

    out = tmp_path_factory.mktemp("dev_extracted")
    result = extract_corpus([DEV / "raw"], out, progress=False)
    assert not result.failures, result.failures
    return out


@pytest.fixture(scope="session")
def dev_documents(dev_extracted_dir: Path) -> dict:
    from pingan_docs.extract import iter_documents

    return {d.doc_id: d for d in iter_documents(dev_extracted_dir)}


@pytest.fixture(scope="session")
def dev_report(dev_extracted_dir: Path) -> dict:
    from pingan_docs.evaluate import evaluate_dirs

    return evaluate_dirs(DEV / "gold", dev_extracted_dir)
