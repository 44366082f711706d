"""The corpus run as users run it: ids, atomic output, failures, reproducibility."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pingan_docs.cli import main

from .conftest import CORPUS, ROOT


def test_bad_file_does_not_stop_the_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(CORPUS / "004_bb63232fd99ff2b4.txt", inputs)
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (inputs / "empty.html").write_bytes(b"")
    code = main(["extract", str(inputs), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "broken.pdf" in err and "empty.html: file is empty" in err
    assert "Traceback" not in err
    outputs = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))  # not the cache
    assert outputs == ["004_bb63232fd99ff2b4.json", "_schema.json"]


def test_shared_stems_get_their_extension(extracted_dir: Path) -> None:
    names = {p.name for p in extracted_dir.glob("*.json")}
    assert "000_819b2f747ba95bfb.pdf.json" in names and "000_819b2f747ba95bfb.txt.json" in names


def test_committed_extracted_is_up_to_date(extracted_dir: Path) -> None:
    """extracted/ is the product for the shipped corpus: it must match a fresh run."""
    committed = sorted((ROOT / "extracted").glob("*.json"))
    fresh = sorted(extracted_dir.glob("*.json"))
    assert [p.name for p in committed] == [p.name for p in fresh]
    stale = [p.name for p, q in zip(committed, fresh, strict=True) if p.read_bytes() != q.read_bytes()]
    assert not stale, f"re-run `pingan-docs extract` and commit extracted/: {stale}"


def test_evaluate_json(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["evaluate", "--gold", str(ROOT / "tests" / "gold"),
                 "--extracted", str(extracted_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["documents"]) == 11
    assert set(report["by_format"]) == {"docx", "html", "pdf", "txt"}


def test_json_schema_is_current() -> None:
    from pingan_docs.models import Document

    schema = json.loads((ROOT / "extracted" / "_schema.json").read_text(encoding="utf-8"))
    assert schema == Document.model_json_schema()
